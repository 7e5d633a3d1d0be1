import { describe, expect, inject, it } from "vitest";

// What link previews, search engines and reference managers read of the pages.

const base = inject("baseUrl");
const PAPER = "2603.28589";

const meta = (html: string, attr: "property" | "name", key: string) =>
  [...html.matchAll(new RegExp(`<meta ${attr}="${key}" content="([^"]*)"`, "g"))].map((m) => m[1]);

describe("link previews and the scholarly web", () => {
  it("a paper page has Open Graph and Twitter tags, a canonical link, a preview image and citation_* tags", async () => {
    const html = await (await fetch(`${base}/papers/${PAPER}`)).text();
    expect(meta(html, "property", "og:type")).toEqual(["article"]);
    expect(meta(html, "property", "og:title")[0]).toMatch(/^Towards a Medical AI Scientist/);
    expect(meta(html, "property", "og:description")[0]).toMatch(/^Autonomous systems that generate/);
    expect(meta(html, "property", "og:url")).toEqual([`${base}/papers/${PAPER}`]);
    expect(meta(html, "property", "og:site_name")).toEqual(["Paperboy"]);
    expect(meta(html, "name", "twitter:card")).toEqual(["summary_large_image"]);
    expect(html).toContain(`<link rel="canonical" href="${base}/papers/${PAPER}"/>`);
    const image = meta(html, "property", "og:image")[0]!;
    expect(image.startsWith(`${base}/papers/${PAPER}/opengraph-image`)).toBe(true);
    const png = await fetch(image);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");

    expect(meta(html, "name", "citation_title")[0]).toMatch(/^Towards a Medical AI Scientist/);
    expect(meta(html, "name", "citation_author").length).toBeGreaterThan(3);
    expect(meta(html, "name", "citation_publication_date")).toEqual(["2026/03/30"]);
    expect(meta(html, "name", "citation_arxiv_id")).toEqual([PAPER]);
    expect(meta(html, "name", "citation_pdf_url")).toEqual([`https://arxiv.org/pdf/${PAPER}`]);
  });

  it("a day page has its own title, description and canonical link", async () => {
    const html = await (await fetch(`${base}/papers/date/2026-03-31`)).text();
    expect(meta(html, "property", "og:title")).toEqual(["Daily Papers · Mar 31, 2026"]);
    expect(meta(html, "name", "description")[0]).toMatch(
      /^The research papers of Mar 31, 2026, ranked by the community/,
    );
    expect(html).toContain(`<link rel="canonical" href="${base}/papers/date/2026-03-31"/>`);
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain(`<link rel="canonical" href="${base}"/>`);
    expect(meta(home, "property", "og:site_name")).toEqual(["Paperboy"]);
    // A page without an address of its own claims none: not the front page's.
    expect(await (await fetch(`${base}/subscribe`)).text()).not.toContain('rel="canonical"');
    expect(await (await fetch(`${base}/search?q=diffusion%20model`)).text()).toContain(
      `<link rel="canonical" href="${base}/search?q=diffusion%20model"/>`,
    );
  });

  it("serves robots.txt and the sitemap", async () => {
    const robots = await (await fetch(`${base}/robots.txt`)).text();
    expect(robots).toMatch(/User-Agent: \*\nAllow: \/\n/);
    expect(robots).toContain("Disallow: /api/");
    expect(robots).toContain(`Sitemap: ${base}/sitemap.xml`);
    const sitemap = await fetch(`${base}/sitemap.xml`);
    expect(sitemap.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await sitemap.text();
    expect(xml).toContain(`<loc>${base}/papers/date/2026-03-31</loc>`);
    expect(xml).toContain(`<loc>${base}/papers/${PAPER}</loc>`);
    expect((await fetch(`${base}/sitemaps/7.xml`)).status).toBe(404);
  });
});
