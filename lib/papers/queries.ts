import { db, sqlPool } from "@/lib/db";
import { type Prisma } from "@/lib/generated/prisma/client";
import { isoDateFromUtc, utcFromIsoDate, type IsoDate } from "./dates";
import type { PaperExtras } from "./schemas";

// Reading papers: the feed, a paper, by author or organization, for the
// sitemap. Writes are beside it: upsert-queries.ts (imports), vote-queries.ts,
// moderation-queries.ts (submissions, hide, edit).
//
// Past 300 lines on purpose: every read of papers shares feedPaperSelect and
// toFeedPaper, and the writes are in files of their own already.

export async function countPapers(): Promise<number> {
  return db().paper.count();
}

// ---- reading the feed ----------------------------------------------------

/**
 * upvotes: the feed's own order (ties: earliest in the feed first). trending:
 * upvotes weighed by age, as the Hub's trending sort ranks (TRENDING_SQL).
 * publishedAt: newest on arXiv first.
 */
export type FeedSort = "upvotes" | "trending" | "publishedAt";

export type FeedPaper = {
  id: string;
  title: string;
  abstract: string;
  authorCount: number;
  authors: string[];
  orgHandle: string | null;
  orgName: string | null;
  feedDate: IsoDate;
  feedAddedAt: Date;
  publishedAt: Date | null;
  upvotes: number;
  /** The name of the reader who submitted it here, for papers not imported. */
  submittedBy: string | null;
  hidden: boolean;
  /** Code, project page, AI summary, the submitter on the source, comments: what the Daily Papers API carries. */
  extras: PaperExtras;
};

export const feedPaperSelect = {
  id: true,
  title: true,
  abstract: true,
  authorCount: true,
  authors: true,
  orgHandle: true,
  orgName: true,
  feedDate: true,
  feedAddedAt: true,
  publishedAt: true,
  upvotes: true,
  hidden: true,
  submittedBy: { select: { name: true } },
  githubRepo: true,
  githubStars: true,
  projectPage: true,
  aiSummary: true,
  aiKeywords: true,
  submitterHandle: true,
  submitterName: true,
  numComments: true,
  discussionId: true,
  entryPublishedAt: true,
} satisfies Prisma.PaperSelect;

type SelectedPaper = Prisma.PaperGetPayload<{ select: typeof feedPaperSelect }>;

export function toFeedPaper({
  submittedBy,
  githubRepo,
  githubStars,
  projectPage,
  aiSummary,
  aiKeywords,
  submitterHandle,
  submitterName,
  numComments,
  discussionId,
  entryPublishedAt,
  ...p
}: SelectedPaper): FeedPaper {
  return {
    ...p,
    feedDate: isoDateFromUtc(p.feedDate),
    // A submitter is named by their chosen name, never by their address.
    submittedBy: submittedBy ? submittedBy.name?.trim() || "a reader" : null,
    extras: {
      githubRepo,
      githubStars,
      projectPage,
      aiSummary,
      // Stored null (a source without keywords) reads as an empty list.
      aiKeywords: aiKeywords.length ? aiKeywords : null,
      submitterHandle,
      submitterName,
      numComments,
      discussionId,
      entryPublishedAt,
    },
  };
}

const orderBy: Record<Exclude<FeedSort, "trending">, Prisma.PaperOrderByWithRelationInput[]> = {
  // Ties: earliest in the feed first, then by id so pages never overlap.
  upvotes: [{ upvotes: "desc" }, { feedAddedAt: "asc" }, { id: "asc" }],
  publishedAt: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
};

/**
 * The trending score: upvotes divided by (hours in the feed + 2)^1.5, the
 * gravity Hacker News made familiar. A paper's votes count for less as it
 * ages, so a fresh paper with 30 votes outranks a week-old one with 60, while
 * among papers of one old day the order is nearly the upvotes'.
 */
const TRENDING_SCORE_SQL = `upvotes / power(greatest(extract(epoch from now() - feed_added_at), 0) / 3600 + 2, 1.5)`;

function inRange(start: IsoDate, end: IsoDate): Prisma.PaperWhereInput {
  return { hidden: false, feedDate: { gte: utcFromIsoDate(start), lte: utcFromIsoDate(end) } };
}

/** One page of the papers that entered the feed between start and end (inclusive), and how many there are in all. */
export async function getFeedPapers(options: {
  start: IsoDate;
  end: IsoDate;
  sort: FeedSort;
  offset: number;
  limit: number;
  /** Only papers this person put in the source's feed (their handle there). */
  submitter?: string;
}): Promise<{ papers: FeedPaper[]; total: number }> {
  const where: Prisma.PaperWhereInput = {
    ...inRange(options.start, options.end),
    ...(options.submitter !== undefined && { submitterHandle: options.submitter }),
  };
  if (options.sort === "trending") {
    const [ids, total] = await Promise.all([trendingIds(options), db().paper.count({ where })]);
    return { papers: await getPapersByIds(ids), total };
  }
  const [papers, total] = await Promise.all([
    db().paper.findMany({
      where,
      orderBy: orderBy[options.sort],
      skip: options.offset,
      take: options.limit,
      select: feedPaperSelect,
    }),
    db().paper.count({ where }),
  ]);
  return { papers: papers.map(toFeedPaper), total };
}

async function trendingIds(options: {
  start: IsoDate;
  end: IsoDate;
  offset: number;
  limit: number;
  submitter?: string;
}): Promise<string[]> {
  const { rows } = await sqlPool().query<{ id: string }>(
    `SELECT id FROM papers
     WHERE NOT hidden AND feed_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR submitter_handle = $3)
     ORDER BY ${TRENDING_SCORE_SQL} DESC, upvotes DESC, feed_added_at, id
     OFFSET $4 LIMIT $5`,
    [options.start, options.end, options.submitter ?? null, options.offset, options.limit],
  );
  return rows.map((r) => r.id);
}

/** The latest day that has papers, or null for an empty feed. */
export async function getLatestFeedDate(): Promise<IsoDate | null> {
  const row = await db().paper.findFirst({
    where: { hidden: false },
    orderBy: { feedDate: "desc" },
    select: { feedDate: true },
  });
  return row ? isoDateFromUtc(row.feedDate) : null;
}

/** The nearest days with papers before `start` and after `end`. */
export async function getNeighbourFeedDates(
  start: IsoDate,
  end: IsoDate,
): Promise<{ previous: IsoDate | null; next: IsoDate | null }> {
  const [previous, next] = await Promise.all([
    db().paper.findFirst({
      where: { hidden: false, feedDate: { lt: utcFromIsoDate(start) } },
      orderBy: { feedDate: "desc" },
      select: { feedDate: true },
    }),
    db().paper.findFirst({
      where: { hidden: false, feedDate: { gt: utcFromIsoDate(end) } },
      orderBy: { feedDate: "asc" },
      select: { feedDate: true },
    }),
  ]);
  return {
    previous: previous ? isoDateFromUtc(previous.feedDate) : null,
    next: next ? isoDateFromUtc(next.feedDate) : null,
  };
}

/** The latest day between start and end (inclusive) that has papers, or null. */
export async function getLatestFeedDateIn(start: IsoDate, end: IsoDate): Promise<IsoDate | null> {
  const row = await db().paper.findFirst({
    where: inRange(start, end),
    orderBy: { feedDate: "desc" },
    select: { feedDate: true },
  });
  return row ? isoDateFromUtc(row.feedDate) : null;
}

/** The day with papers nearest to `date` (itself when it has some; on a tie the earlier), or null for an empty feed. */
export async function getNearestFeedDate(date: IsoDate): Promise<IsoDate | null> {
  const [on, { previous, next }] = await Promise.all([
    getLatestFeedDateIn(date, date),
    getNeighbourFeedDates(date, date),
  ]);
  if (on) return on;
  if (!previous || !next) return previous ?? next;
  const day = utcFromIsoDate(date).getTime();
  return day - utcFromIsoDate(previous).getTime() <= utcFromIsoDate(next).getTime() - day ? previous : next;
}

/** Who a list of papers is about: an author's name (as the source spells it) or an organization's handle. */
export type PaperFilter = { author: string } | { orgHandle: string };

/** One page of the papers of an author or an organization, ranked by upvotes, and how many there are. */
export async function getPapersBy(
  filter: PaperFilter,
  options: { offset: number; limit: number },
): Promise<{ papers: FeedPaper[]; total: number; orgName: string | null }> {
  const where: Prisma.PaperWhereInput = {
    hidden: false,
    ...("author" in filter ? { authors: { has: filter.author } } : { orgHandle: filter.orgHandle }),
  };
  const [papers, total] = await Promise.all([
    db().paper.findMany({
      where,
      orderBy: orderBy.upvotes,
      skip: options.offset,
      take: options.limit,
      select: feedPaperSelect,
    }),
    db().paper.count({ where }),
  ]);
  return { papers: papers.map(toFeedPaper), total, orgName: papers.find((p) => p.orgName)?.orgName ?? null };
}

/** Display data for these papers, in the order of `ids`; hidden and unknown ones are left out. */
export async function getPapersByIds(ids: readonly string[]): Promise<FeedPaper[]> {
  if (!ids.length) return [];
  const rows = await db().paper.findMany({
    where: { id: { in: [...ids] }, hidden: false },
    select: feedPaperSelect,
  });
  const byId = new Map(rows.map((r) => [r.id, toFeedPaper(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A paper by arXiv id; hidden ones only when asked (for admins). */
export async function getPaper(
  id: string,
  options: { includeHidden?: boolean } = {},
): Promise<FeedPaper | null> {
  const paper = await db().paper.findFirst({
    where: { id, ...(options.includeHidden ? {} : { hidden: false }) },
    select: feedPaperSelect,
  });
  return paper ? toFeedPaper(paper) : null;
}

/** The top papers of each of the last `days` calendar days up to the latest feed day, for the RSS feed. */
export async function getRecentTopPapers(options: {
  days: number;
  perDay: number;
  minUpvotes: number;
}): Promise<FeedPaper[]> {
  const latest = await getLatestFeedDate();
  if (!latest) return [];
  const ids = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM (
      SELECT id, feed_date, upvotes, feed_added_at,
             row_number() OVER (PARTITION BY feed_date ORDER BY upvotes DESC, feed_added_at, id) AS rank
      FROM papers
      WHERE NOT hidden AND upvotes >= ${options.minUpvotes}
        AND feed_date > ${utcFromIsoDate(latest)}::date - ${options.days}::int AND feed_date <= ${utcFromIsoDate(latest)}::date
    ) ranked
    WHERE rank <= ${options.perDay}
    ORDER BY feed_date DESC, upvotes DESC, feed_added_at, id`;
  const papers = await db().paper.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    select: feedPaperSelect,
  });
  const byId = new Map(papers.map((p) => [p.id, p]));
  return ids.flatMap((r) => (byId.has(r.id) ? [toFeedPaper(byId.get(r.id)!)] : []));
}

// ---- the sitemap ----------------------------------------------------------------

/** Every day that has papers, newest first, with when its papers last changed. */
export async function listFeedDays(): Promise<{ date: IsoDate; changedAt: Date }[]> {
  const { rows } = await sqlPool().query<{ date: string; changed_at: Date }>(
    `SELECT to_char(feed_date, 'YYYY-MM-DD') AS date, max(updated_at) AS changed_at
     FROM papers WHERE NOT hidden GROUP BY feed_date ORDER BY feed_date DESC`,
  );
  return rows.map((r) => ({ date: r.date as IsoDate, changedAt: r.changed_at }));
}

export async function countVisiblePapers(): Promise<number> {
  return db().paper.count({ where: { hidden: false } });
}

/** A slice of the visible papers, newest days first, for one sitemap file. */
export async function listPapersForSitemap(
  offset: number,
  limit: number,
): Promise<{ id: string; changedAt: Date }[]> {
  const rows = await db().paper.findMany({
    where: { hidden: false },
    orderBy: [{ feedDate: "desc" }, { id: "asc" }],
    skip: offset,
    take: limit,
    select: { id: true, updatedAt: true },
  });
  return rows.map((r) => ({ id: r.id, changedAt: r.updatedAt }));
}
