import type { Metadata } from "next";
import { periodPath, type Period } from "@/lib/feed/periods";
import type { FeedPaper } from "@/lib/papers/queries";
import { isolateText } from "@/lib/text/bidi";

// What link previews (Open Graph, Twitter cards), search engines (canonical
// links) and reference managers (Google Scholar's citation_* tags, which
// Zotero reads) see of a page. Next resolves the paths against metadataBase,
// which the root layout sets from APP_URL.

const SITE_NAME = "Paperboy";

/** A page's title, description and canonical address, and the same for its previews. */
export function pageMetadata(options: {
  title: string;
  description: string;
  path: string;
  type?: "website" | "article";
}): Metadata {
  const { title, description, path, type = "website" } = options;
  return {
    title,
    description,
    alternates: { canonical: path },
    openGraph: { title, description, url: path, siteName: SITE_NAME, type, locale: "en_US" },
    twitter: { card: type === "article" ? "summary_large_image" : "summary", title, description },
  };
}

/** The abstract's first sentences, cut at a word, for a preview. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2))}…`;
}

/** Google Scholar's tags: title, each author, the date, the arXiv id and the PDF. */
export function citationTags(paper: FeedPaper): Record<string, string | string[]> {
  const date = (paper.publishedAt?.toISOString().slice(0, 10) ?? paper.feedDate).replaceAll("-", "/");
  return {
    citation_title: paper.title,
    ...(paper.authors.length && { citation_author: paper.authors }),
    citation_publication_date: date,
    citation_online_date: date,
    citation_arxiv_id: paper.id,
    citation_pdf_url: `https://arxiv.org/pdf/${paper.id}`,
    citation_abstract_html_url: `https://arxiv.org/abs/${paper.id}`,
  };
}

export function paperPageMetadata(paper: FeedPaper): Metadata {
  // Page titles and previews are plain text: imported text is isolated for bidi there too.
  const base = pageMetadata({
    title: isolateText(paper.title),
    description: isolateText(excerpt(paper.abstract || paper.title)),
    path: `/papers/${paper.id}`,
    type: "article",
  });
  return { ...base, other: citationTags(paper) };
}

/** A day, week or month of the feed. */
export function periodMetadata(period: Period): Metadata {
  return pageMetadata({
    title: `Daily Papers · ${period.label}`,
    description: `The research papers of ${period.label}, ranked by the community's upvotes.`,
    path: periodPath(period),
  });
}
