import { z } from "zod";
import { AppError } from "@/lib/errors";
import {
  formatIsoWeek,
  isoWeekRange,
  monthRange,
  parseIsoDate,
  parseIsoWeek,
  parseYearMonth,
  type IsoDate,
} from "@/lib/papers/dates";
import { getFeedPapers, getLatestFeedDate, type FeedPaper } from "@/lib/papers/queries";

// GET /api/daily_papers in the Hugging Face Daily Papers API's own shape, so
// clients written for it work against Paperboy unchanged.

export const MAX_API_LIMIT = 100;

export const dailyPapersQuerySchema = z
  .object({
    date: z.string().optional(),
    week: z.string().optional(),
    month: z.string().optional(),
    limit: z.coerce
      .number({ error: "is not a number" })
      .int("is not a whole number")
      .min(1, "is at least 1")
      .max(MAX_API_LIMIT, `is at most ${MAX_API_LIMIT}`)
      .default(50),
    p: z.coerce
      .number({ error: "is not a number" })
      .int("is not a whole number")
      .min(0, "cannot be negative (pages count from 0)")
      .max(100_000, "is at most 100000")
      .default(0),
    // Unset: ranked by upvotes, as the feed's pages are. trending: upvotes weighed by age.
    sort: z.enum(["trending", "publishedAt"], { error: "is trending or publishedAt" }).optional(),
    submitter: z
      .string()
      .regex(/^[A-Za-z0-9][\w.-]{0,95}$/, "is not a Hugging Face user name")
      .optional(),
  })
  .refine((q) => [q.date, q.week, q.month].filter(Boolean).length <= 1, {
    message: "give at most one of date, week and month",
  });

export type DailyPapersQuery = z.infer<typeof dailyPapersQuerySchema>;

export type ApiItem = {
  paper: {
    id: string;
    title: string;
    summary: string;
    authors: { name: string }[];
    publishedAt: string | null;
    submittedOnDailyAt: string;
    upvotes: number;
    organization?: { name: string; fullname: string };
    githubRepo?: string;
    githubStars?: number;
    projectPage?: string;
    ai_summary?: string;
    ai_keywords?: string[];
    discussionId?: string;
    submittedOnDailyBy?: ApiUser;
  };
  publishedAt: string;
  title: string;
  summary: string;
  numComments: number;
  submittedBy?: ApiUser;
  organization?: { name: string; fullname: string };
};

/** A user as the Hub writes one: `user` and `name` both hold the handle. */
type ApiUser = { name: string; user: string; fullname: string };

function range(query: DailyPapersQuery, latest: IsoDate | null): { start: IsoDate; end: IsoDate } | null {
  if (query.date) {
    const date = parseIsoDate(query.date);
    if (!date)
      throw new AppError({
        code: "bad_request",
        message: `date "${query.date.slice(0, 40)}" is not a calendar day (YYYY-MM-DD)`,
      });
    return { start: date, end: date };
  }
  if (query.week) {
    const week = parseIsoWeek(query.week);
    if (!week)
      throw new AppError({
        code: "bad_request",
        message: `week "${query.week.slice(0, 40)}" is not an ISO week (YYYY-Www, e.g. ${formatIsoWeek({ year: 2025, week: 7 })})`,
      });
    return isoWeekRange(week);
  }
  if (query.month) {
    const month = parseYearMonth(query.month);
    if (!month)
      throw new AppError({
        code: "bad_request",
        message: `month "${query.month.slice(0, 40)}" is not a month (YYYY-MM)`,
      });
    return monthRange(month);
  }
  return latest ? { start: latest, end: latest } : null;
}

export function toApiItem(p: FeedPaper): ApiItem {
  const organization = p.orgHandle ? { name: p.orgHandle, fullname: p.orgName ?? p.orgHandle } : undefined;
  const x = p.extras;
  const submitter = x.submitterHandle
    ? { name: x.submitterHandle, user: x.submitterHandle, fullname: x.submitterName ?? x.submitterHandle }
    : undefined;
  // As the Daily Papers API does: a field it has no value for is left out, not null.
  const present = <K extends string, V>(key: K, value: V | null) =>
    (value === null ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    paper: {
      id: p.id,
      title: p.title,
      summary: p.abstract,
      authors: p.authors.map((name) => ({ name })),
      publishedAt: p.publishedAt?.toISOString() ?? null,
      submittedOnDailyAt: p.feedAddedAt.toISOString(),
      upvotes: p.upvotes,
      ...(organization && { organization }),
      ...present("githubRepo", x.githubRepo),
      ...present("githubStars", x.githubStars),
      ...present("projectPage", x.projectPage),
      ...present("ai_summary", x.aiSummary),
      ...present("ai_keywords", x.aiKeywords),
      ...present("discussionId", x.discussionId),
      ...(submitter && { submittedOnDailyBy: submitter }),
    },
    // The Hub's entry publishedAt is a time of its own; a paper from a source without one
    // (a submission, an arXiv listing) gives the moment it entered the feed.
    publishedAt: (x.entryPublishedAt ?? p.feedAddedAt).toISOString(),
    title: p.title,
    summary: p.abstract,
    numComments: x.numComments ?? 0,
    ...(submitter && { submittedBy: submitter }),
    ...(organization && { organization }),
  };
}

// A submitter's papers, with no date, week or month: all of them, newest days first through `sort`.
const ALL_DAYS = { start: "1991-08-14" as IsoDate, end: "9999-12-31" as IsoDate };

/** Without date, week or month: the latest day that has papers, as the original API does. */
export async function listDailyPapers(query: DailyPapersQuery): Promise<ApiItem[]> {
  const named = query.date || query.week || query.month;
  const span = named
    ? range(query, null)
    : query.submitter
      ? ALL_DAYS
      : range(query, await getLatestFeedDate());
  if (!span) return [];
  const { papers } = await getFeedPapers({
    ...span,
    sort: query.sort ?? "upvotes",
    offset: query.p * query.limit,
    limit: query.limit,
    submitter: query.submitter,
  });
  return papers.map(toApiItem);
}
