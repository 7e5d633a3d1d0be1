import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { appUrl, getEnv } from "@/lib/env";
import { isDatabaseUnavailable } from "@/lib/errors";
import { isPermanentMailError, sendMail } from "@/lib/mail/transport";
import { getFeedPapers, type FeedPaper } from "@/lib/papers/queries";
import { createSearchKeywordMatcher } from "@/lib/search/keyword-matcher";
import type { KeywordMatcher } from "./keywords";
import { archiveUrl, preferencesUrl, unsubscribeUrl } from "./links";
import type { DigestPeriod } from "./periods";
import {
  claimNewDeliveries,
  getDeliveredPaperIds,
  getPeriodProgress,
  listDueSubscribers,
  markDeliveryBounced,
  markDeliveryFailed,
  markDeliveryFailedAttempt,
  markDeliverySent,
  markDeliverySkipped,
  readSendContext,
  reclaimDeliveries,
  releaseClaims,
  renewClaims,
  reviveFailedDeliveries,
  type ClaimedDelivery,
  type PeriodProgress,
} from "./queries";
import { renderDigest, type RenderedMail } from "./render";
import { digestScheduleWords } from "./schedule-words";
import { selectDigestPapers } from "./select";

// The delivery engine: brings one digest period to the state where every due
// subscriber has exactly one row, sent, skipped (with the reason) or failed
// after the last attempt.
//
// - A row is claimed before its message is sent (inserted as `sending`, under
//   the unique (subscriber, period) key) and marked after the server answers,
//   so two workers, or a run repeated, send nothing twice.
// - Claims are leases: the worker renews them while it works; a worker that
//   dies leaves them to be taken over once the lease ends. A message the dead
//   worker had in flight is the only one that can go out twice.
// - The subscriber's status and preferences are read again just before the
//   send, with the claim: an unsubscribe during a run stops their mail.
// - SMTP 5xx for the address: the row fails and the subscriber is bouncing.
//   4xx and lost connections: retried with exponential backoff up to
//   DIGEST_MAX_ATTEMPTS; a lost connection also pauses the whole run for the
//   same backoff, so a mail server outage does not burn every row's attempts.
// - Work goes in claimed batches with several messages in flight (the pooled
//   transport bounds connections and rate); each message costs two statements.

export type DeliverySettings = {
  papersPerDigest: number;
  maxAttempts: number;
  retryDelayMs: number;
  batchSize: number;
  concurrency: number;
  leaseSeconds: number;
};

export function deliverySettingsFromEnv(env = getEnv()): DeliverySettings {
  return {
    papersPerDigest: env.DIGEST_PAPERS,
    maxAttempts: env.DIGEST_MAX_ATTEMPTS,
    retryDelayMs: env.DIGEST_RETRY_DELAY_SECONDS * 1000,
    batchSize: env.DIGEST_BATCH_SIZE,
    concurrency: env.DIGEST_CONCURRENCY,
    leaseSeconds: env.DIGEST_LEASE_SECONDS,
  };
}

/** The papers a digest chooses from: the period's top ones by upvotes (filters apply within these). */
const CANDIDATE_LIMIT = 500;
/** How often a worker waiting on others' claims looks again. */
const POLL_MS = 1_000;
const MAX_BACKOFF_MS = 3_600_000;
const MAX_PAUSE_MS = 600_000;

export type DeliveryRun = {
  period: DigestPeriod;
  /** Subscribers confirmed after this are not due. */
  cutoff: Date;
  workerId?: string;
  /** Only this subscriber (npm run digest -- --to). */
  subscriberId?: string | null;
  /** Give failed rows of still-active subscribers another set of attempts (a later run). */
  reviveFailed?: boolean;
  /** Stop claiming at this time (epoch ms); claims not started are handed back. */
  deadline?: number;
  signal?: AbortSignal;
  /**
   * Wait for other workers' claims to finish (or expire) before returning, so
   * the summary is final (the CLI). A scheduled run returns instead: the
   * other worker's job reports its own rows.
   */
  waitForOthers?: boolean;
  settings?: Partial<DeliverySettings>;
  matcher?: KeywordMatcher;
  onProgress?: (counts: RunCounts) => void;
  log?: (line: string) => void;
};

export type RunCounts = {
  sent: number;
  skipped: number;
  failed: number;
  retried: number;
  bounced: number;
  lost: number;
};

export type PeriodSummary = {
  period: string;
  /** Every subscriber due in the period: sent + skipped + failed + pending. */
  due: number;
  sent: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  failed: number;
  /** Not finished: waiting for a retry, being sent by another worker, or not yet claimed. */
  pending: number;
  complete: boolean;
  /** When pending work can next move (a retry falls due, a dead worker's lease ends). */
  resumeAt: Date | null;
  /** What this run did. */
  run: RunCounts & { seconds: number; stoppedEarly: "deadline" | "signal" | null };
};

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
}

export function retryBackoffMs(baseMs: number, attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** No SMTP reply at all (refused, reset, timed out) or 421 (closing): the server, not the address. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code !== "number" || code === 421;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: string; responseCode?: number; response?: string };
  return [e.responseCode, e.code, e.response ?? e.message]
    .filter((x) => x !== undefined && x !== "")
    .join(" ")
    .slice(0, 500);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** A database write retried briefly through a restart; then the run stops rather than send without recording. */
async function withDbRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 4 || !isDatabaseUnavailable(error)) throw error;
      await sleep(250 * 4 ** (attempt - 1));
    }
  }
}

export function digestHeaders(
  period: DigestPeriod,
  unsubscribe: string,
  site = appUrl(),
): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribe}>`,
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
  return { ...mail, headers: digestHeaders(period, unsubscribe) };
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

export async function deliverPeriod(run: DeliveryRun): Promise<PeriodSummary> {
  const settings = { ...deliverySettingsFromEnv(), ...run.settings };
  const workerId = run.workerId ?? newWorkerId();
  const log = run.log ?? (() => {});
  const started = Date.now();
  const counts: RunCounts = { sent: 0, skipped: 0, failed: 0, retried: 0, bounced: 0, lost: 0 };
  // Keywords match as search does (stemming, accents), over this period's papers.
  const matcher = run.matcher ?? createSearchKeywordMatcher();
  const scope = { period: run.period.key, workerId, subscriberId: run.subscriberId ?? null };
  const progressQuery = {
    ...scope,
    kind: run.period.kind,
    cutoff: run.cutoff,
    leaseSeconds: settings.leaseSeconds,
  };

  const candidates = await getDigestCandidates(run.period);
  const candidateIds = candidates.map((p) => p.id);
  if (run.reviveFailed) {
    const revived = await reviveFailedDeliveries(run.period.key, run.subscriberId);
    if (revived) log(`${run.period.key}: trying ${revived} failed deliveries again`);
  }

  const stopReason = (): "deadline" | "signal" | null =>
    run.signal?.aborted
      ? "signal"
      : run.deadline !== undefined && Date.now() >= run.deadline
        ? "deadline"
        : null;

  // A lost connection pauses every lane: the server is down, not one address.
  const pause = { until: 0, streak: 0 };
  const waitOutPause = async () => {
    while (Date.now() < pause.until && !stopReason()) await sleep(Math.min(pause.until - Date.now(), 250));
  };

  const finish = async (row: ClaimedDelivery, outcome: "skipped" | "failed", reason: string) => {
    await withDbRetry(() =>
      outcome === "skipped"
        ? markDeliverySkipped(row.id, workerId, reason)
        : markDeliveryFailed(row.id, workerId, reason),
    );
    counts[outcome]++;
  };

  const processRow = async (row: ClaimedDelivery): Promise<void> => {
    const context = await withDbRetry(() => readSendContext(row.id, workerId, candidateIds));
    if (!context?.owned) {
      // Our lease ended (we stalled) and another worker took the row, or it was finished elsewhere.
      counts.lost++;
      log(`${run.period.key}: lost the claim on delivery ${row.id}; left to its new owner`);
      return;
    }
    const subscriber = context.subscriber;
    if (subscriber.status !== "active") return finish(row, "skipped", subscriber.status);
    if (subscriber.frequency !== run.period.kind) return finish(row, "skipped", "frequency_changed");
    if (context.attempts >= settings.maxAttempts) {
      return finish(
        row,
        "failed",
        `gave up after ${context.attempts} attempts: the workers sending it were lost`,
      );
    }
    const selection = await selectDigestPapers(candidates, subscriber, new Set(context.deliveredPaperIds), {
      limit: settings.papersPerDigest,
      matcher,
    });
    if (selection.skipReason) return finish(row, "skipped", selection.skipReason);

    const mail = renderDigestFor(run.period, selection.papers, { ...subscriber, frequency: run.period.kind });
    let messageId: string;
    try {
      messageId = (
        await sendMail({
          to: subscriber.email,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
        })
      ).messageId;
    } catch (error) {
      const reason = describeError(error);
      if (isPermanentMailError(error)) {
        await withDbRetry(() => markDeliveryBounced(row.id, workerId, reason));
        counts.failed++;
        counts.bounced++;
        log(
          `${run.period.key}: ${subscriber.email} refused for good (${reason}); the subscriber is now bouncing`,
        );
        return;
      }
      const attempts = context.attempts + 1;
      const retryAt =
        attempts >= settings.maxAttempts
          ? null
          : new Date(Date.now() + retryBackoffMs(settings.retryDelayMs, attempts));
      await withDbRetry(() => markDeliveryFailedAttempt(row.id, workerId, reason, retryAt));
      if (retryAt) counts.retried++;
      else counts.failed++;
      // The messages in flight when the server went away all fail at once: one
      // outage, one step of the backoff.
      if (isConnectionError(error) && Date.now() >= pause.until) {
        pause.streak++;
        const ms = Math.min(MAX_PAUSE_MS, retryBackoffMs(settings.retryDelayMs, pause.streak));
        pause.until = Date.now() + ms;
        log(
          `${run.period.key}: the mail server is unreachable (${reason}); pausing ${(ms / 1000).toFixed(1)} s`,
        );
      }
      return;
    }
    pause.streak = 0;
    await withDbRetry(() =>
      markDeliverySent(
        row.id,
        messageId,
        selection.papers.map((p) => p.id),
      ),
    );
    counts.sent++;
  };

  const runRound = async (): Promise<void> => {
    const queue: ClaimedDelivery[] = [];
    let cursor = "";
    let drained = false;
    // Declared by assertion: assigned in closures, so TypeScript must not narrow it to null.
    let refilling = null as Promise<void> | null;
    let fatal: { error: unknown } | null = null;

    const refill = (): Promise<void> =>
      (refilling ??= (async () => {
        try {
          const reclaimed = await reclaimDeliveries({
            ...scope,
            limit: settings.batchSize,
            leaseSeconds: settings.leaseSeconds,
          });
          queue.push(...reclaimed);
          let claimedNew = 0;
          let wrapped = false;
          while (reclaimed.length < settings.batchSize) {
            const { claimed, cursor: next } = await claimNewDeliveries({
              ...scope,
              kind: run.period.kind,
              cutoff: run.cutoff,
              limit: settings.batchSize - reclaimed.length,
              afterId: cursor,
            });
            queue.push(...claimed);
            claimedNew += claimed.length;
            if (next !== null) {
              // Candidates were there; if another worker got them all first, walk on.
              cursor = next;
              if (claimed.length) break;
              continue;
            }
            // Nothing after the cursor: look once more from the start, for
            // subscribers passed over while another transaction held them.
            if (cursor === "" || wrapped) break;
            cursor = "";
            wrapped = true;
          }
          if (!reclaimed.length && !claimedNew) drained = true;
        } catch (error) {
          fatal = { error };
        } finally {
          refilling = null;
        }
      })());

    const lane = async (): Promise<void> => {
      for (;;) {
        if (fatal || stopReason()) return;
        if (queue.length < settings.concurrency && !drained) {
          const filling = refill();
          if (!queue.length) await filling;
        }
        const row = queue.shift();
        if (!row) {
          if (drained || fatal) return;
          continue;
        }
        await waitOutPause();
        if (stopReason()) {
          queue.unshift(row);
          return;
        }
        try {
          await processRow(row);
        } catch (error) {
          fatal = { error };
          return;
        }
        run.onProgress?.({ ...counts });
      }
    };

    await Promise.all(Array.from({ length: settings.concurrency }, lane));
    await refilling;
    if (fatal) {
      await releaseClaims(
        workerId,
        run.period.key,
        queue.map((r) => r.id),
      ).catch(() => {});
      throw (fatal as { error: unknown }).error;
    }
    // Nothing of ours is in flight now: whatever we still hold (claims we did
    // not get to) goes back, or our heartbeat would keep it from everyone.
    await releaseClaims(workerId, run.period.key, null);
  };

  const summarize = (progress: PeriodProgress): PeriodSummary => {
    const pending = progress.retrying + progress.sendingMine + progress.sendingOthers + progress.missing;
    const resumeCandidates = [
      progress.nextRetryAt?.getTime(),
      progress.nextLeaseExpiry?.getTime(),
      progress.missing ? Date.now() : undefined,
    ].filter((t): t is number => t !== undefined);
    return {
      period: run.period.key,
      due: progress.sent + progress.skipped + progress.failed + pending,
      sent: progress.sent,
      skipped: progress.skipped,
      skippedByReason: progress.skippedByReason,
      failed: progress.failed,
      pending,
      complete: pending === 0,
      resumeAt: pending && resumeCandidates.length ? new Date(Math.min(...resumeCandidates)) : null,
      run: { ...counts, seconds: (Date.now() - started) / 1000, stoppedEarly: pending ? stopReason() : null },
    };
  };

  const heartbeat = setInterval(
    () => {
      renewClaims(workerId).catch((error: unknown) => log(`could not renew claims: ${describeError(error)}`));
    },
    Math.max(200, settings.leaseSeconds * 250),
  );
  try {
    for (;;) {
      await runRound();
      const progress = await getPeriodProgress(progressQuery);
      const pending = progress.retrying + progress.sendingMine + progress.sendingOthers + progress.missing;
      if (!pending || stopReason()) return summarize(progress);
      const othersOnly =
        progress.sendingOthers === pending &&
        !(progress.nextLeaseExpiry && progress.nextLeaseExpiry.getTime() <= Date.now());
      if (othersOnly && run.waitForOthers === false) return summarize(progress);
      // Something is left: a retry not yet due, another worker's claims (alive:
      // they finish them; dead: we take them over when the lease ends), or
      // subscribers we could not lock. Wait for the first that can move.
      const now = Date.now();
      const moments = [progress.nextRetryAt?.getTime() ?? Infinity];
      if (progress.sendingOthers || progress.missing || progress.sendingMine) moments.push(now + POLL_MS);
      const until = Math.min(...moments, run.deadline ?? Infinity);
      while (Date.now() < until && !run.signal?.aborted) await sleep(Math.min(until - Date.now(), 250));
    }
  } finally {
    clearInterval(heartbeat);
  }
}

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
      { limit: settings.papersPerDigest, matcher: run.matcher },
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
