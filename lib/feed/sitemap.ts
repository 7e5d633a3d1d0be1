import "server-only";
import { appUrl } from "@/lib/env";
import { countVisiblePapers, listFeedDays, listPapersForSitemap } from "@/lib/papers/queries";
import { escapeXml } from "./rss";

// /sitemap.xml: the front page, every day with papers and every paper. A
// sitemap holds at most 50,000 addresses (sitemaps.org); past that,
// /sitemap.xml is an index of /sitemaps/N.xml files of 50,000 each: the
// first lists the days and the newest papers, the others older papers.

export const SITEMAP_MAX_URLS = 50_000;

type Entry = { loc: string; lastmod?: Date };

function urlset(entries: Entry[]): string {
  const urls = entries.map(
    (e) =>
      `<url><loc>${escapeXml(e.loc)}</loc>${e.lastmod ? `<lastmod>${e.lastmod.toISOString()}</lastmod>` : ""}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}

/** How the addresses split into files: the first file starts with the days, so holds fewer papers. */
async function layout(
  maxUrls: number,
): Promise<{ days: Entry[]; papers: number; files: number; firstFilePapers: number }> {
  const base = appUrl();
  const days = [
    { loc: `${base}/` },
    ...(await listFeedDays()).map((d) => ({ loc: `${base}/papers/date/${d.date}`, lastmod: d.changedAt })),
  ];
  const papers = await countVisiblePapers();
  const firstFilePapers = Math.max(0, maxUrls - days.length);
  const files = papers <= firstFilePapers ? 1 : 1 + Math.ceil((papers - firstFilePapers) / maxUrls);
  return { days, papers, files, firstFilePapers };
}

async function paperEntries(offset: number, limit: number): Promise<Entry[]> {
  const base = appUrl();
  return (await listPapersForSitemap(offset, limit)).map((p) => ({
    loc: `${base}/papers/${p.id}`,
    lastmod: p.changedAt,
  }));
}

/** /sitemap.xml: the one sitemap, or the index of several. */
export async function renderSitemap(maxUrls = SITEMAP_MAX_URLS): Promise<string> {
  const { days, files, firstFilePapers } = await layout(maxUrls);
  if (files === 1) return urlset([...days, ...(await paperEntries(0, firstFilePapers))]);
  const base = appUrl();
  const items = Array.from(
    { length: files },
    (_, n) => `<sitemap><loc>${escapeXml(`${base}/sitemaps/${n}.xml`)}</loc></sitemap>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join("\n")}\n</sitemapindex>\n`;
}

/** /sitemaps/N.xml, or null past the last file. */
export async function renderSitemapFile(n: number, maxUrls = SITEMAP_MAX_URLS): Promise<string | null> {
  const { days, files, firstFilePapers } = await layout(maxUrls);
  if (n >= files) return null;
  if (n === 0) return urlset([...days, ...(await paperEntries(0, firstFilePapers))]);
  return urlset(await paperEntries(firstFilePapers + (n - 1) * maxUrls, maxUrls));
}
