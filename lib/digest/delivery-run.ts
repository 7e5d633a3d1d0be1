import "server-only";
import { getEnv } from "@/lib/env";
import type { KeywordMatcher } from "./keywords";
import type { DigestPeriod } from "./periods";

// What a delivery run is asked to do, and what it answers: shared by the
// engine (deliver.ts), the scheduled job, the CLI and the dry run.

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
