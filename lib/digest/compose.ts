import "server-only";
import { appUrl } from "@/lib/env";
import { getFeedPapers, type FeedPaper } from "@/lib/papers/queries";
import { archiveUrl, oneClickUnsubscribeUrl, preferencesUrl, unsubscribeUrl } from "./links";
import type { DigestPeriod } from "./periods";
import { renderDigest, type RenderedMail } from "./render";
import { digestScheduleWords } from "./schedule-words";

// Composing a digest: the papers a period chooses from, and the mail one
// subscriber gets, with its signed links and list headers. Shared by the
// delivery engine, the dry run and the archive page.

/** The papers a digest chooses from: the period's top ones by upvotes (filters apply within these). */
const CANDIDATE_LIMIT = 500;

export function digestHeaders(
  period: DigestPeriod,
  oneClickUnsubscribe: string,
  site = appUrl(),
): Record<string, string> {
  return {
    "List-Unsubscribe": `<${oneClickUnsubscribe}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": `Paperboy ${period.kind} digest <${period.kind}.digest.${new URL(site).hostname}>`,
    "X-Paperboy-Digest": period.key,
  };
}

/** The digest one subscriber gets for a period, rendered (pure but for the signed links). */
export function renderDigestFor(
  period: DigestPeriod,
  papers: FeedPaper[],
  subscriber: {
    id: string;
    email: string;
    frequency: DigestPeriod["kind"];
    keywords: string | null;
    minUpvotes: number | null;
  },
): RenderedMail & { headers: Record<string, string> } {
  const unsubscribe = unsubscribeUrl(subscriber.id);
  const mail = renderDigest({
    period,
    papers,
    recipient: subscriber,
    links: {
      site: appUrl(),
      archive: archiveUrl(period),
      preferences: preferencesUrl(subscriber.id),
      unsubscribe,
    },
    schedule: digestScheduleWords(),
  });
  return { ...mail, headers: digestHeaders(period, oneClickUnsubscribeUrl(subscriber.id)) };
}

export async function getDigestCandidates(period: DigestPeriod): Promise<FeedPaper[]> {
  return (
    await getFeedPapers({
      start: period.start,
      end: period.end,
      sort: "upvotes",
      offset: 0,
      limit: CANDIDATE_LIMIT,
    })
  ).papers;
}
