import { z } from "zod";
import { formatDisplayDate } from "@/lib/papers/dates";
import type { FeedPaper } from "@/lib/papers/queries";
import { balanceBidi, isolateText } from "@/lib/text/bidi";

// /feed.xml: RSS 2.0 of the latest days' top papers. The official page has
// none; its readers keep asking for one.

export const RSS_DAYS = 7;
export const RSS_PER_DAY = 10;

export const rssQuerySchema = z.object({
  min_upvotes: z.coerce
    .number({ error: "is not a number" })
    .int("is not a whole number")
    .min(0, "cannot be negative")
    .max(1_000_000)
    .default(0),
});

/** Text for XML: escapes markup and drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text

    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * One paper as an RSS item (the day feed and saved searches alike). Imported
 * text is isolated for bidi: a feed reader shows the byline, the date and the
 * abstract as one run of text, where an override in the organization's name
 * would reverse the date.
 */
export function renderRssItem(p: FeedPaper, siteUrl: string): string {
  const link = `${siteUrl}/papers/${p.id}`;
  const byline = p.orgName
    ? isolateText(p.orgName)
    : p.authorCount === 1
      ? "1 author"
      : `${p.authorCount} authors`;
  return [
    "    <item>",
    `      <title>${escapeXml(isolateText(p.title))}</title>`,
    `      <link>${escapeXml(link)}</link>`,
    `      <guid isPermaLink="true">${escapeXml(link)}</guid>`,
    `      <pubDate>${p.feedAddedAt.toUTCString()}</pubDate>`,
    `      <description>${escapeXml(`${p.upvotes} upvotes · ${byline} · ${formatDisplayDate(p.feedDate)}\n\n${isolateText(p.abstract)}`)}</description>`,
    ...(p.orgName ? [`      <category>${escapeXml(balanceBidi(p.orgName))}</category>`] : []),
    "    </item>",
  ].join("\n");
}

export function renderRss(
  papers: FeedPaper[],
  options: { siteUrl: string; title: string; selfPath: string; description: string },
): string {
  const { siteUrl } = options;
  const items = papers.map((p) => renderRssItem(p, siteUrl));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    "  <channel>",
    `    <title>${escapeXml(options.title)}</title>`,
    `    <link>${escapeXml(siteUrl)}/</link>`,
    `    <description>${escapeXml(options.description)}</description>`,
    `    <atom:link href="${escapeXml(siteUrl + options.selfPath)}" rel="self" type="application/rss+xml"/>`,
    "    <language>en</language>",
    ...(papers[0] ? [`    <lastBuildDate>${papers[0].feedAddedAt.toUTCString()}</lastBuildDate>`] : []),
    ...items,
    "  </channel>",
    "</rss>",
    "",
  ].join("\n");
}
