import "server-only";
import { getEnv } from "@/lib/env";
import { getNeighbourFeedDates, type FeedPaper } from "@/lib/papers/queries";
import { getDigestCandidates } from "./compose";
import { dailyPeriod, parseDigestSlug, weeklyPeriodOf, type DigestKind, type DigestPeriod } from "./periods";

// The permanent archive page of a digest (/digest/daily/YYYY-MM-DD,
// /digest/weekly/YYYY-Www), its "view in browser" link: the period's top
// papers as the digest ranks them, before any subscriber's own filters.

export type DigestArchive = {
  period: DigestPeriod;
  papers: FeedPaper[];
  total: number;
  /** For a period without papers (a Sunday): the nearest digests of its kind that have some. */
  previous: DigestPeriod | null;
  next: DigestPeriod | null;
};

/** null for a malformed slug (a 404); a real period without papers says so, with its nearest neighbours. */
export async function getDigestArchive(kind: DigestKind, slug: string): Promise<DigestArchive | null> {
  const period = parseDigestSlug(kind, slug);
  if (!period) return null;
  const candidates = await getDigestCandidates(period);
  if (!candidates.length) {
    const { previous, next } = await getNeighbourFeedDates(period.start, period.end);
    const of = kind === "daily" ? dailyPeriod : weeklyPeriodOf;
    return { period, papers: [], total: 0, previous: previous && of(previous), next: next && of(next) };
  }
  return {
    period,
    papers: candidates.slice(0, getEnv().DIGEST_PAPERS),
    total: candidates.length,
    previous: null,
    next: null,
  };
}
