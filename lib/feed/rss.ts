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
    ...(p.authors.length
      ? [`      <dc:creator>${escapeXml(creatorOf(p.authors.map(isolateText)))}</dc:creator>`]
      : []),
    `      <description>${escapeXml(`${p.upvotes} upvotes · ${byline} · ${formatDisplayDate(p.feedDate)}\n\n${isolateText(p.abstract)}`)}</description>`,
    ...(p.orgName ? [`      <category>${escapeXml(balanceBidi(p.orgName))}</category>`] : []),
    "    </item>",
  ].join("\n");
}

/** The one RSS writer: the day feed (/feed.xml) and every saved search's feed. */
export function renderRss(
  papers: FeedPaper[],
  options: {
    siteUrl: string;
    title: string;
    /** This feed's own address, from the site's root. */
    selfPath: string;
    description: string;
    /** The page the feed follows, from the site's root (default: the front page). */
    linkPath?: string;
  },
): string {
  const { siteUrl } = options;
  const items = papers.map((p) => renderRssItem(p, siteUrl));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    "  <channel>",
    `    <title>${escapeXml(options.title)}</title>`,
    `    <link>${escapeXml(siteUrl + (options.linkPath ?? "/"))}</link>`,
    `    <description>${escapeXml(options.description)}</description>`,
    `    <atom:link href="${escapeXml(siteUrl + options.selfPath)}" rel="self" type="application/rss+xml"/>`,
    "    <language>en</language>",
    `    <lastBuildDate>${lastChange(papers).toUTCString()}</lastBuildDate>`,
    ...items,
    "  </channel>",
    "</rss>",
    "",
  ].join("\n");
}

/**
 * The item's authors for <dc:creator> (RSS's own <author> must be an email
 * address): the first three, then "et al.", as reference lists write them.
 */
export function creatorOf(authors: string[]): string {
  return authors.length > 3 ? `${authors.slice(0, 3).join(", ")} et al.` : authors.join(", ");
}

/** When the feed last changed: its newest item's time, or now for an empty feed. */
/**
 * An RSS answer, with Last-Modified from its lastBuildDate: feed readers poll,
 * and the page cache answers If-Modified-Since (and If-None-Match) with 304.
 */
export function rssResponse(xml: string): Response {
  const built = /<lastBuildDate>([^<]+)<\/lastBuildDate>/.exec(xml)?.[1];
  return new Response(xml, {
    headers: {
      "Content-Type": "application/rss+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      ...(built ? { "Last-Modified": built } : {}),
    },
  });
}

export function lastChange(papers: FeedPaper[]): Date {
  const times = papers.map((p) => p.feedAddedAt.getTime());
  return times.length ? new Date(Math.max(...times)) : new Date();
}
