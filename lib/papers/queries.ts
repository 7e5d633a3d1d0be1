import { db, sqlPool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type Prisma } from "@/lib/generated/prisma/client";
import { isoDateFromUtc, utcFromIsoDate, type IsoDate } from "./dates";
import type { PaperExtras, PaperRecord } from "./schemas";

// Every query on papers. Pages, routes and jobs call these by name.

export type UpsertOutcome = { result: "inserted" | "updated" | "unchanged"; priorFeedDate: IsoDate | null };

/**
 * Inserts or updates papers in one statement. A paper keeps its earliest feed
 * date; a null upvote count or organization (a source that has none) keeps
 * what is stored; local votes are never touched, so the shown count stays
 * source + local. Rows whose values would not change are not written.
 */
export async function upsertPapers(records: PaperRecord[]): Promise<UpsertOutcome[]> {
  const payload = JSON.stringify(
    records.map((r) => ({
      id: r.id,
      title: r.title,
      abstract: r.abstract,
      author_count: r.authorCount,
      authors: r.authors,
      org_handle: r.orgHandle,
      org_name: r.orgName,
      feed_date: r.feedDate,
      feed_added_at: r.feedAddedAt.toISOString(),
      published_at: r.publishedAt?.toISOString() ?? null,
      source_upvotes: r.sourceUpvotes,
      github_repo: r.extras.githubRepo,
      github_stars: r.extras.githubStars,
      project_page: r.extras.projectPage,
      ai_summary: r.extras.aiSummary,
      ai_keywords: r.extras.aiKeywords,
      submitter_handle: r.extras.submitterHandle,
      submitter_name: r.extras.submitterName,
      num_comments: r.extras.numComments,
      discussion_id: r.extras.discussionId,
      entry_published_at: r.extras.entryPublishedAt?.toISOString() ?? null,
    })),
  );
  const { rows } = await sqlPool().query<{
    id: string;
    changed: boolean;
    inserted: boolean | null;
    prior_feed_date: string | null;
  }>(UPSERT_PAPERS_SQL, [payload]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return records.map((record) => {
    const row = byId.get(record.id);
    const priorFeedDate = row?.prior_feed_date ? (row.prior_feed_date as IsoDate) : null;
    const result = !row?.changed ? "unchanged" : row.inserted ? "inserted" : "updated";
    return { result, priorFeedDate };
  });
}

const EXTRA_COLUMNS = [
  "github_repo",
  "github_stars",
  "project_page",
  "ai_summary",
  "ai_keywords",
  "submitter_handle",
  "submitter_name",
  "num_comments",
  "discussion_id",
  "entry_published_at",
] as const;

// A source that has no value for an extra (an arXiv listing, an older API
// response) keeps the stored one: coalesce(new, stored), the same rule as
// for upvotes and the organization.
const keptExtra = (c: string) => `coalesce(EXCLUDED.${c}, p.${c})`;

const UPSERT_PAPERS_SQL = `
    WITH input AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
        id text, title text, abstract text, author_count int, authors text[], org_handle text, org_name text,
        feed_date date, feed_added_at timestamptz, published_at timestamptz, source_upvotes int,
        github_repo text, github_stars int, project_page text, ai_summary text, ai_keywords text[],
        submitter_handle text, submitter_name text, num_comments int, discussion_id text,
        entry_published_at timestamptz)
    ),
    prior AS (
      SELECT p.id, p.feed_date FROM papers p JOIN input USING (id)
    ),
    written AS (
      INSERT INTO papers AS p (id, title, abstract, author_count, authors, org_handle, org_name,
                               feed_date, feed_added_at, published_at, source_upvotes, upvotes, updated_at,
                               ${EXTRA_COLUMNS.join(", ")})
      SELECT id, title, abstract, author_count, authors, org_handle, org_name,
             feed_date, feed_added_at, published_at, source_upvotes, coalesce(source_upvotes, 0), now(),
             ${EXTRA_COLUMNS.join(", ")}
      FROM input
      ON CONFLICT (id) DO UPDATE SET
        title = EXCLUDED.title,
        abstract = EXCLUDED.abstract,
        author_count = EXCLUDED.author_count,
        authors = EXCLUDED.authors,
        org_handle = coalesce(EXCLUDED.org_handle, p.org_handle),
        org_name = CASE WHEN EXCLUDED.org_handle IS NULL THEN p.org_name ELSE EXCLUDED.org_name END,
        feed_date = least(p.feed_date, EXCLUDED.feed_date),
        feed_added_at = CASE WHEN EXCLUDED.feed_date < p.feed_date THEN EXCLUDED.feed_added_at ELSE p.feed_added_at END,
        published_at = coalesce(EXCLUDED.published_at, p.published_at),
        source_upvotes = coalesce(EXCLUDED.source_upvotes, p.source_upvotes),
        upvotes = coalesce(EXCLUDED.source_upvotes, p.source_upvotes, 0) + p.local_upvotes,
        ${EXTRA_COLUMNS.map((c) => `${c} = ${keptExtra(c)}`).join(",\n        ")},
        updated_at = now()
      WHERE (p.title, p.abstract, p.author_count, p.authors, p.org_handle, p.org_name, p.feed_date, p.published_at, p.source_upvotes,
             ${EXTRA_COLUMNS.map((c) => `p.${c}`).join(", ")})
            IS DISTINCT FROM
            (EXCLUDED.title, EXCLUDED.abstract, EXCLUDED.author_count, EXCLUDED.authors,
             coalesce(EXCLUDED.org_handle, p.org_handle),
             CASE WHEN EXCLUDED.org_handle IS NULL THEN p.org_name ELSE EXCLUDED.org_name END,
             least(p.feed_date, EXCLUDED.feed_date),
             coalesce(EXCLUDED.published_at, p.published_at),
             coalesce(EXCLUDED.source_upvotes, p.source_upvotes),
             ${EXTRA_COLUMNS.map(keptExtra).join(", ")})
      RETURNING p.id, (xmax = 0) AS inserted
    )
    SELECT input.id, written.id IS NOT NULL AS changed, written.inserted, to_char(prior.feed_date, 'YYYY-MM-DD') AS prior_feed_date
    FROM input LEFT JOIN written USING (id) LEFT JOIN prior USING (id)`;

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

const feedPaperSelect = {
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

function toFeedPaper({
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

// ---- votes ------------------------------------------------------------------

/**
 * Sets one user's vote on a paper to `on`, in one statement: the vote row and
 * the counters change together or not at all. The (user, paper) key decides
 * races: of two concurrent inserts one inserts and the other does nothing, so
 * the count moves once. Returns the shown count after the change.
 */
export async function setVote(
  userId: string,
  paperId: string,
  on: boolean,
): Promise<{ voted: boolean; upvotes: number }> {
  const { rows } = await sqlPool().query<{ upvotes: number }>(
    `WITH paper AS (SELECT id FROM papers WHERE id = $2 AND NOT hidden),
     added AS (
       INSERT INTO votes (user_id, paper_id) SELECT $1, id FROM paper WHERE $3
       ON CONFLICT DO NOTHING RETURNING 1
     ),
     removed AS (DELETE FROM votes WHERE user_id = $1 AND paper_id IN (SELECT id FROM paper) AND NOT $3 RETURNING 1),
     delta AS (SELECT (SELECT count(*) FROM added) - (SELECT count(*) FROM removed) AS n)
     UPDATE papers SET
       local_upvotes = local_upvotes + (SELECT n FROM delta),
       upvotes = upvotes + (SELECT n FROM delta),
       updated_at = CASE WHEN (SELECT n FROM delta) <> 0 THEN now() ELSE updated_at END
     WHERE id IN (SELECT id FROM paper)
     RETURNING upvotes`,
    [userId, paperId, on],
  );
  const row = rows[0];
  if (!row) throw new AppError({ code: "not_found", message: `No paper ${paperId} in the feed.` });
  return { voted: on, upvotes: row.upvotes };
}

/** Which of these papers the user has voted for. */
export async function getVotedPaperIds(userId: string, paperIds: string[]): Promise<string[]> {
  if (!paperIds.length) return [];
  const votes = await db().vote.findMany({
    where: { userId, paperId: { in: paperIds } },
    select: { paperId: true },
  });
  return votes.map((v) => v.paperId);
}

/** A user's voted papers, latest vote first. */
export async function listVotedPapers(
  userId: string,
  options: { offset: number; limit: number },
): Promise<{ papers: FeedPaper[]; total: number }> {
  const where = { userId, paper: { hidden: false } };
  const [votes, total] = await Promise.all([
    db().vote.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { paperId: "asc" }],
      skip: options.offset,
      take: options.limit,
      select: { paper: { select: feedPaperSelect } },
    }),
    db().vote.count({ where }),
  ]);
  return { papers: votes.map((v) => toFeedPaper(v.paper)), total };
}

// ---- submissions and moderation ---------------------------------------------

export type PaperFields = {
  title: string;
  abstract: string;
  authors: string[];
  orgHandle: string | null;
  orgName: string | null;
};

/** Adds a reader's paper to the given day. An id already in the feed (even hidden) is a conflict. */
export async function insertSubmittedPaper(
  input: PaperFields & { id: string; feedDate: IsoDate; submittedById: string; publishedAt?: Date | null },
): Promise<void> {
  try {
    await db().paper.create({
      data: {
        id: input.id,
        title: input.title,
        abstract: input.abstract,
        authors: input.authors,
        authorCount: input.authors.length,
        orgHandle: input.orgHandle,
        orgName: input.orgName,
        feedDate: utcFromIsoDate(input.feedDate),
        feedAddedAt: new Date(),
        publishedAt: input.publishedAt ?? null,
        submittedById: input.submittedById,
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      throw new AppError({ code: "conflict", message: `${input.id} is already in the feed.` });
    throw error;
  }
}

export async function setPaperHidden(id: string, hidden: boolean): Promise<void> {
  const { count } = await db().paper.updateMany({ where: { id }, data: { hidden, updatedAt: new Date() } });
  if (!count) throw new AppError({ code: "not_found", message: `No paper ${id}.` });
}

export async function updatePaperFields(id: string, fields: PaperFields): Promise<void> {
  const { count } = await db().paper.updateMany({
    where: { id },
    data: { ...fields, authorCount: fields.authors.length, updatedAt: new Date() },
  });
  if (!count) throw new AppError({ code: "not_found", message: `No paper ${id}.` });
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
