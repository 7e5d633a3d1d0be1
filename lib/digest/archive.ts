import "server-only";
import { getEnv } from "@/lib/env";
import type { FeedPaper } from "@/lib/papers/queries";
import { getDigestCandidates } from "./compose";
import { parseDigestSlug, type DigestKind, type DigestPeriod } from "./periods";

// The permanent archive page of a digest (/digest/daily/YYYY-MM-DD,
// /digest/weekly/YYYY-Www), its "view in browser" link: the period's top
// papers as the digest ranks them, before any subscriber's own filters.

export type DigestArchive = { period: DigestPeriod; papers: FeedPaper[]; total: number };

/** null for a malformed slug or a period without papers (a 404). */
export async function getDigestArchive(kind: DigestKind, slug: string): Promise<DigestArchive | null> {
  const period = parseDigestSlug(kind, slug);
  if (!period) return null;
  const candidates = await getDigestCandidates(period);
  if (!candidates.length) return null;
  return { period, papers: candidates.slice(0, getEnv().DIGEST_PAPERS), total: candidates.length };
}
