import "server-only";
import { createSearchKeywordMatcher } from "@/lib/search/keyword-matcher";
import { getDigestCandidates, renderDigestFor } from "./compose";
import { deliverySettingsFromEnv, type DeliveryRun } from "./delivery-run";
import { getDeliveredPaperIds, listDueSubscribers } from "./period-queries";
import type { RenderedMail } from "./render";
import { selectDigestPapers } from "./select";

// The dry run (npm run digest -- --dry-run): the same selection the engine
// makes, without claiming, sending or writing anything.

export type PeriodPreview = {
  period: string;
  due: number;
  wouldSend: number;
  wouldSkipByReason: Record<string, number>;
  /** With --to: the mail that subscriber would get. */
  sample: (RenderedMail & { to: string; headers: Record<string, string> }) | null;
};

/** A dry run: who is due and what each would get, without claiming, sending or writing anything. */
export async function previewPeriod(
  run: Pick<DeliveryRun, "period" | "cutoff" | "subscriberId" | "settings" | "matcher">,
): Promise<PeriodPreview> {
  const settings = { ...deliverySettingsFromEnv(), ...run.settings };
  // The matcher the send uses (deliver.ts), so the dry run predicts the digest that is sent.
  const matcher = run.matcher ?? createSearchKeywordMatcher();
  const candidates = await getDigestCandidates(run.period);
  const candidateIds = candidates.map((p) => p.id);
  const subscribers = await listDueSubscribers({
    period: run.period.key,
    kind: run.period.kind,
    cutoff: run.cutoff,
    candidatePaperIds: candidateIds,
    subscriberId: run.subscriberId,
  });
  const received = await getDeliveredPaperIds(
    subscribers.map((s) => s.id),
    candidateIds,
  );
  const preview: PeriodPreview = {
    period: run.period.key,
    due: subscribers.length,
    wouldSend: 0,
    wouldSkipByReason: {},
    sample: null,
  };
  for (const subscriber of subscribers) {
    const selection = await selectDigestPapers(
      candidates,
      subscriber,
      received.get(subscriber.id) ?? new Set(),
      { limit: settings.papersPerDigest, matcher },
    );
    if (selection.skipReason) {
      preview.wouldSkipByReason[selection.skipReason] =
        (preview.wouldSkipByReason[selection.skipReason] ?? 0) + 1;
      continue;
    }
    preview.wouldSend++;
    if (run.subscriberId)
      preview.sample = {
        to: subscriber.email,
        ...renderDigestFor(run.period, selection.papers, { ...subscriber, frequency: run.period.kind }),
      };
  }
  return preview;
}
