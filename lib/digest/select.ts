import type { FeedPaper } from "@/lib/papers/queries";
import { createSearchKeywordMatcher } from "@/lib/search/keyword-matcher";
import type { KeywordMatcher } from "./keywords";

// Which papers one subscriber gets: the period's papers ranked by upvotes,
// minus those they already received, minus those below their minimum
// upvotes, minus those their keywords do not match; then the top N. Filters
// apply before the cut, so a subscriber with keywords gets up to N matching
// papers of the period, not the few matches among the overall top N.

export type SkipReason = "no_papers" | "already_received" | "below_min_upvotes" | "no_keyword_match";

export const SKIP_REASON_TEXT: Record<
  SkipReason | "unsubscribed" | "bouncing" | "pending" | "frequency_changed",
  string
> = {
  no_papers: "the period has no papers",
  already_received: "every paper of the period was already sent to them",
  below_min_upvotes: "no paper reaches their minimum upvotes",
  no_keyword_match: "no paper matches their keywords",
  unsubscribed: "they unsubscribed",
  bouncing: "their address bounces",
  pending: "they have not confirmed",
  frequency_changed: "they switched to the other frequency",
};

export type DigestPreferences = { keywords: string | null; minUpvotes: number | null };

export type Selection = { papers: FeedPaper[]; skipReason: null } | { papers: []; skipReason: SkipReason };

/** `candidates` ranked by upvotes, as getFeedPapers returns them. */
export async function selectDigestPapers(
  candidates: FeedPaper[],
  preferences: DigestPreferences,
  alreadyReceived: ReadonlySet<string>,
  options: { limit: number; matcher?: KeywordMatcher },
): Promise<Selection> {
  if (!candidates.length) return { papers: [], skipReason: "no_papers" };
  const fresh = candidates.filter((p) => !alreadyReceived.has(p.id));
  if (!fresh.length) return { papers: [], skipReason: "already_received" };
  const min = preferences.minUpvotes ?? 0;
  const popular = min > 0 ? fresh.filter((p) => p.upvotes >= min) : fresh;
  if (!popular.length) return { papers: [], skipReason: "below_min_upvotes" };
  const matched = preferences.keywords?.trim()
    ? await (options.matcher ?? createSearchKeywordMatcher())(popular, preferences.keywords)
    : popular;
  if (!matched.length) return { papers: [], skipReason: "no_keyword_match" };
  return { papers: matched.slice(0, options.limit), skipReason: null };
}
