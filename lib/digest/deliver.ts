import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { setTimeout as sleepFor } from "node:timers/promises";
import { isDatabaseUnavailable } from "@/lib/errors";
import { isPermanentMailError, sendMail } from "@/lib/mail/transport";
import type { FeedPaper } from "@/lib/papers/queries";
import { createSearchKeywordMatcher } from "@/lib/search/keyword-matcher";

import { ClaimQueue } from "./claim-queue";
import { getDigestCandidates, renderDigestFor } from "./compose";
import {
  markDeliveryBounced,
  markDeliveryFailed,
  markDeliveryFailedAttempt,
  markDeliverySent,
  markDeliverySkipped,
  readSendContext,
  releaseClaims,
  renewClaims,
  reviveFailedDeliveries,
  type ClaimedDelivery,
} from "./delivery-queries";
import {
  deliverySettingsFromEnv,
  type DeliveryRun,
  type DeliverySettings,
  type PeriodSummary,
  type RunCounts,
} from "./delivery-run";
import type { KeywordMatcher } from "./keywords";
import { getPeriodProgress, type PeriodProgress } from "./period-queries";
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
//
// Past 300 lines on purpose: nearly all of it is PeriodDelivery, the explicit
// state of one run (claims, leases, retries, the pause on a lost connection),
// whose steps share that state; composing, rendering, previewing and the
// queries live beside it already.

/** How often a worker waiting on others' claims looks again. */
const POLL_MS = 1_000;
const MAX_BACKOFF_MS = 3_600_000;
const MAX_PAUSE_MS = 600_000;

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

const sleep = (ms: number) => sleepFor(Math.max(0, ms));

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

/** Delivers one period: the state of one run, and the steps that move it. */
class PeriodDelivery {
  private readonly settings: DeliverySettings;
  private readonly workerId: string;
  private readonly log: (line: string) => void;
  private readonly matcher: KeywordMatcher;
  private readonly scope: { period: string; workerId: string; subscriberId: string | null };
  private readonly started = Date.now();
  private readonly counts: RunCounts = { sent: 0, skipped: 0, failed: 0, retried: 0, bounced: 0, lost: 0 };
  /** A lost connection pauses every lane: the server is down, not one address. */
  private readonly pause = { until: 0, streak: 0 };
  private candidates: FeedPaper[] = [];
  private candidateIds: string[] = [];

  constructor(private readonly run: DeliveryRun) {
    this.settings = { ...deliverySettingsFromEnv(), ...run.settings };
    this.workerId = run.workerId ?? newWorkerId();
    this.log = run.log ?? (() => {});
    // Keywords match as search does (stemming, accents), over this period's papers.
    this.matcher = run.matcher ?? createSearchKeywordMatcher();
    this.scope = { period: run.period.key, workerId: this.workerId, subscriberId: run.subscriberId ?? null };
  }

  async deliver(): Promise<PeriodSummary> {
    const { run } = this;
    this.candidates = await getDigestCandidates(run.period);
    this.candidateIds = this.candidates.map((p) => p.id);
    if (run.reviveFailed) {
      const revived = await reviveFailedDeliveries(run.period.key, run.subscriberId);
      if (revived) this.log(`${run.period.key}: trying ${revived} failed deliveries again`);
    }
    const heartbeat = setInterval(
      () => {
        renewClaims(this.workerId).catch((error: unknown) =>
          this.log(`could not renew claims: ${describeError(error)}`),
        );
      },
      Math.max(200, this.settings.leaseSeconds * 250),
    );
    try {
      for (;;) {
        await this.runRound();
        const progress = await getPeriodProgress({
          ...this.scope,
          kind: run.period.kind,
          cutoff: run.cutoff,
          leaseSeconds: this.settings.leaseSeconds,
        });
        const pending = pendingOf(progress);
        if (!pending || this.stopReason()) return this.summarize(progress);
        const othersOnly =
          progress.sendingOthers === pending &&
          !(progress.nextLeaseExpiry && progress.nextLeaseExpiry.getTime() <= Date.now());
        if (othersOnly && run.waitForOthers === false) return this.summarize(progress);
        // Something is left: a retry not yet due, another worker's claims (alive:
        // they finish them; dead: we take them over when the lease ends), or
        // subscribers we could not lock. Wait for the first that can move.
        const moments = [progress.nextRetryAt?.getTime() ?? Infinity];
        if (progress.sendingOthers || progress.missing || progress.sendingMine) {
          moments.push(Date.now() + POLL_MS);
        }
        const until = Math.min(...moments, run.deadline ?? Infinity);
        while (Date.now() < until && !run.signal?.aborted) await sleep(Math.min(until - Date.now(), 250));
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private stopReason(): "deadline" | "signal" | null {
    if (this.run.signal?.aborted) return "signal";
    if (this.run.deadline !== undefined && Date.now() >= this.run.deadline) return "deadline";
    return null;
  }

  /** Claims and sends until nothing claimable is left, with `concurrency` messages in flight. */
  private async runRound(): Promise<void> {
    const claims = new ClaimQueue(this.run, this.scope, this.settings);
    let fatal: { error: unknown } | null = null;
    const lane = async (): Promise<void> => {
      for (;;) {
        if (fatal || this.stopReason()) return;
        const row = await claims.next(this.settings.concurrency);
        if (!row) return;
        await this.waitOutPause();
        if (this.stopReason()) return claims.putBack(row);
        try {
          await this.processRow(row);
        } catch (error) {
          fatal = { error };
          return;
        }
        this.run.onProgress?.({ ...this.counts });
      }
    };
    await Promise.all(Array.from({ length: this.settings.concurrency }, lane));
    await claims.settled();
    const failure = fatal ?? claims.failure;
    if (failure) {
      await releaseClaims(this.workerId, this.run.period.key, claims.unsent()).catch(() => {});
      throw failure.error;
    }
    // Nothing of ours is in flight now: whatever we still hold (claims we did
    // not get to) goes back, or our heartbeat would keep it from everyone.
    await releaseClaims(this.workerId, this.run.period.key, null);
  }

  private async waitOutPause(): Promise<void> {
    while (Date.now() < this.pause.until && !this.stopReason()) {
      await sleep(Math.min(this.pause.until - Date.now(), 250));
    }
  }

  private async processRow(row: ClaimedDelivery): Promise<void> {
    const { period } = this.run;
    const context = await withDbRetry(() => readSendContext(row.id, this.workerId, this.candidateIds));
    if (!context?.owned) {
      // Our lease ended (we stalled) and another worker took the row, or it was finished elsewhere.
      this.counts.lost++;
      this.log(`${period.key}: lost the claim on delivery ${row.id}; left to its new owner`);
      return;
    }
    const subscriber = context.subscriber;
    if (subscriber.status !== "active") return this.finish(row, "skipped", subscriber.status);
    if (subscriber.frequency !== period.kind) return this.finish(row, "skipped", "frequency_changed");
    if (context.attempts >= this.settings.maxAttempts) {
      const reason = `gave up after ${context.attempts} attempts: the workers sending it were lost`;
      return this.finish(row, "failed", reason);
    }
    const selection = await selectDigestPapers(
      this.candidates,
      subscriber,
      new Set(context.deliveredPaperIds),
      { limit: this.settings.papersPerDigest, matcher: this.matcher },
    );
    if (selection.skipReason) return this.finish(row, "skipped", selection.skipReason);

    const mail = renderDigestFor(period, selection.papers, { ...subscriber, frequency: period.kind });
    let messageId: string;
    try {
      const { subject, text, html, headers } = mail;
      messageId = (await sendMail({ to: subscriber.email, subject, text, html, headers })).messageId;
    } catch (error) {
      return this.recordSendFailure(row, context.attempts, subscriber.email, error);
    }
    this.pause.streak = 0;
    const paperIds = selection.papers.map((p) => p.id);
    await withDbRetry(() => markDeliverySent(row.id, messageId, paperIds));
    this.counts.sent++;
  }

  private async finish(row: ClaimedDelivery, outcome: "skipped" | "failed", reason: string): Promise<void> {
    await withDbRetry(() =>
      outcome === "skipped"
        ? markDeliverySkipped(row.id, this.workerId, reason)
        : markDeliveryFailed(row.id, this.workerId, reason),
    );
    this.counts[outcome]++;
  }

  private async recordSendFailure(
    row: ClaimedDelivery,
    previousAttempts: number,
    email: string,
    error: unknown,
  ): Promise<void> {
    const { key } = this.run.period;
    const reason = describeError(error);
    if (isPermanentMailError(error)) {
      await withDbRetry(() => markDeliveryBounced(row.id, this.workerId, reason));
      this.counts.failed++;
      this.counts.bounced++;
      this.log(`${key}: ${email} refused for good (${reason}); the subscriber is now bouncing`);
      return;
    }
    const attempts = previousAttempts + 1;
    const retryAt =
      attempts >= this.settings.maxAttempts
        ? null
        : new Date(Date.now() + retryBackoffMs(this.settings.retryDelayMs, attempts));
    await withDbRetry(() => markDeliveryFailedAttempt(row.id, this.workerId, reason, retryAt));
    if (retryAt) this.counts.retried++;
    else this.counts.failed++;
    // The messages in flight when the server went away all fail at once: one
    // outage, one step of the backoff.
    if (isConnectionError(error) && Date.now() >= this.pause.until) {
      this.pause.streak++;
      const ms = Math.min(MAX_PAUSE_MS, retryBackoffMs(this.settings.retryDelayMs, this.pause.streak));
      this.pause.until = Date.now() + ms;
      this.log(`${key}: the mail server is unreachable (${reason}); pausing ${(ms / 1000).toFixed(1)} s`);
    }
  }

  private summarize(progress: PeriodProgress): PeriodSummary {
    const pending = pendingOf(progress);
    const resumeCandidates = [
      progress.nextRetryAt?.getTime(),
      progress.nextLeaseExpiry?.getTime(),
      progress.missing ? Date.now() : undefined,
    ].filter((t): t is number => t !== undefined);
    return {
      period: this.run.period.key,
      due: progress.sent + progress.skipped + progress.failed + pending,
      sent: progress.sent,
      skipped: progress.skipped,
      skippedByReason: progress.skippedByReason,
      failed: progress.failed,
      pending,
      complete: pending === 0,
      resumeAt: pending && resumeCandidates.length ? new Date(Math.min(...resumeCandidates)) : null,
      run: {
        ...this.counts,
        seconds: (Date.now() - this.started) / 1000,
        stoppedEarly: pending ? this.stopReason() : null,
      },
    };
  }
}

const pendingOf = (p: PeriodProgress) => p.retrying + p.sendingMine + p.sendingOthers + p.missing;

export async function deliverPeriod(run: DeliveryRun): Promise<PeriodSummary> {
  return new PeriodDelivery(run).deliver();
}
