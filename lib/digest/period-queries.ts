import "server-only";
import { db, sqlPool } from "@/lib/db";
import type { DigestFrequency, SubscriberStatus } from "@/lib/generated/prisma/client";
import { isoDateFromUtc, utcFromIsoDate, type IsoDate } from "@/lib/papers/dates";
import type { SendContext } from "./delivery-queries";
import type { DigestKind } from "./periods";

// Where a digest period stands, in plain SQL: its progress for the delivery
// engine, who is due (the dry run), and its status for /admin and the
// schedule's gates.

export type PeriodProgress = {
  sent: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  failed: number;
  retrying: number;
  /** Rows being sent: by this worker, and by others (alive or not). */
  sendingMine: number;
  sendingOthers: number;
  /** Due subscribers with no row yet. */
  missing: number;
  nextRetryAt: Date | null;
  /** When the oldest claim of another worker expires if not renewed. */
  nextLeaseExpiry: Date | null;
};

export async function getPeriodProgress(options: {
  period: string;
  kind: DigestKind;
  cutoff: Date;
  workerId: string;
  leaseSeconds: number;
  subscriberId?: string | null;
}): Promise<PeriodProgress> {
  const params = [options.period, options.workerId, options.leaseSeconds, options.subscriberId ?? null];
  const [rows, reasons, missing] = await Promise.all([
    sqlPool().query<{
      sent: number;
      skipped: number;
      failed: number;
      retrying: number;
      sending_mine: number;
      sending_others: number;
      next_retry_at: Date | null;
      next_lease_expiry: Date | null;
    }>(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'retrying')::int AS retrying,
              count(*) FILTER (WHERE status = 'sending' AND claimed_by = $2)::int AS sending_mine,
              count(*) FILTER (WHERE status = 'sending' AND claimed_by IS DISTINCT FROM $2)::int AS sending_others,
              min(next_attempt_at) FILTER (WHERE status = 'retrying') AS next_retry_at,
              min(claimed_at + make_interval(secs => $3)) FILTER (WHERE status = 'sending' AND claimed_by IS DISTINCT FROM $2) AS next_lease_expiry
       FROM digest_deliveries WHERE period = $1 AND ($4::text IS NULL OR subscriber_id = $4)`,
      params,
    ),
    sqlPool().query<{ reason: string | null; n: number }>(
      `SELECT skip_reason AS reason, count(*)::int AS n FROM digest_deliveries
       WHERE period = $1 AND status = 'skipped' AND ($2::text IS NULL OR subscriber_id = $2) GROUP BY skip_reason`,
      [options.period, options.subscriberId ?? null],
    ),
    countMissingDeliveries(options),
  ]);
  const r = rows.rows[0]!;
  return {
    sent: r.sent,
    skipped: r.skipped,
    failed: r.failed,
    retrying: r.retrying,
    sendingMine: r.sending_mine,
    sendingOthers: r.sending_others,
    skippedByReason: Object.fromEntries(reasons.rows.map((x) => [x.reason ?? "unknown", x.n])),
    missing,
    nextRetryAt: r.next_retry_at,
    nextLeaseExpiry: r.next_lease_expiry,
  };
}

async function countMissingDeliveries(options: {
  period: string;
  kind: DigestKind;
  cutoff: Date;
  subscriberId?: string | null;
}): Promise<number> {
  const { rows } = await sqlPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM subscribers s
     WHERE s.status = 'active' AND s.frequency = $1::digest_frequency AND coalesce(s.confirmed_at, s.created_at) <= $3
       AND ($4::text IS NULL OR s.id = $4)
       AND NOT EXISTS (SELECT 1 FROM digest_deliveries d WHERE d.subscriber_id = s.id AND d.period = $2)`,
    [options.kind, options.period, options.cutoff, options.subscriberId ?? null],
  );
  return rows[0]!.n;
}

/** For a dry run: who would get this period's digest now, with what they already received. Writes nothing. */
export async function listDueSubscribers(options: {
  period: string;
  kind: DigestKind;
  cutoff: Date;
  candidatePaperIds: string[];
  subscriberId?: string | null;
}): Promise<SendContext["subscriber"][]> {
  const { rows } = await sqlPool().query<{
    id: string;
    email: string;
    status: SubscriberStatus;
    frequency: DigestFrequency;
    keywords: string | null;
    min_upvotes: number | null;
  }>(
    `SELECT s.id, s.email, s.status, s.frequency, s.keywords, s.min_upvotes FROM subscribers s
     WHERE s.status = 'active' AND s.frequency = $1::digest_frequency AND coalesce(s.confirmed_at, s.created_at) <= $3
       AND ($4::text IS NULL OR s.id = $4)
       AND NOT EXISTS (SELECT 1 FROM digest_deliveries d WHERE d.subscriber_id = s.id AND d.period = $2 AND d.status IN ('sent', 'skipped'))
     ORDER BY s.id`,
    [options.kind, options.period, options.cutoff, options.subscriberId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    status: r.status,
    frequency: r.frequency,
    keywords: r.keywords,
    minUpvotes: r.min_upvotes,
  }));
}

/** What each of these subscribers already received among the candidate papers. */
export async function getDeliveredPaperIds(
  subscriberIds: string[],
  candidatePaperIds: string[],
): Promise<Map<string, Set<string>>> {
  const { rows } = await sqlPool().query<{ subscriber_id: string; paper_id: string }>(
    `SELECT subscriber_id, paper_id FROM delivered_papers WHERE subscriber_id = ANY($1) AND paper_id = ANY($2)`,
    [subscriberIds, candidatePaperIds],
  );
  const map = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = map.get(r.subscriber_id) ?? new Set<string>();
    set.add(r.paper_id);
    map.set(r.subscriber_id, set);
  }
  return map;
}

// ---- status, for /admin ------------------------------------------------------

export type DigestPeriodStatus = {
  period: string;
  counts: Record<"sending" | "sent" | "skipped" | "retrying" | "failed", number>;
  lastActivity: Date;
  /** A few of the errors of failed or retrying deliveries. */
  errors: string[];
};

/** The latest periods with deliveries: how each stands, and why some failed. */
export async function listRecentDigestPeriods(limit = 6): Promise<DigestPeriodStatus[]> {
  const { rows } = await sqlPool().query<{
    period: string;
    status: keyof DigestPeriodStatus["counts"];
    n: number;
    last: Date;
    errors: string[] | null;
  }>(
    `WITH recent AS (
       SELECT period FROM digest_deliveries GROUP BY period ORDER BY max(updated_at) DESC LIMIT $1
     )
     SELECT d.period, d.status::text AS status, count(*)::int AS n, max(d.updated_at) AS last,
            (array_agg(DISTINCT d.last_error) FILTER (WHERE d.last_error IS NOT NULL))[1:3] AS errors
     FROM digest_deliveries d JOIN recent USING (period)
     GROUP BY d.period, d.status`,
    [limit],
  );
  const byPeriod = new Map<string, DigestPeriodStatus>();
  for (const r of rows) {
    const entry = byPeriod.get(r.period) ?? {
      period: r.period,
      counts: { sending: 0, sent: 0, skipped: 0, retrying: 0, failed: 0 },
      lastActivity: r.last,
      errors: [],
    };
    entry.counts[r.status] = r.n;
    if (r.last > entry.lastActivity) entry.lastActivity = r.last;
    entry.errors.push(...(r.errors ?? []));
    byPeriod.set(r.period, entry);
  }
  return [...byPeriod.values()].sort((a, b) => b.lastActivity.getTime() - a.lastActivity.getTime());
}

/** Whether anyone due for this period has no delivery yet: a digest nobody is waiting for needs no fetch first. */
export async function hasUndeliveredSubscribers(options: {
  period: string;
  kind: DigestKind;
  cutoff: Date;
}): Promise<boolean> {
  const { rows } = await sqlPool().query<{ waiting: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM subscribers s
       WHERE s.status = 'active' AND s.frequency = $1::digest_frequency AND coalesce(s.confirmed_at, s.created_at) <= $3
         AND NOT EXISTS (SELECT 1 FROM digest_deliveries d WHERE d.subscriber_id = s.id AND d.period = $2 AND d.status IN ('sent', 'skipped'))
     ) AS waiting`,
    [options.kind, options.period, options.cutoff],
  );
  return rows[0]?.waiting ?? false;
}

/** The latest day before `date` that has papers: the latest completed feed day as of `date`. */
export async function getLatestFeedDateBefore(date: IsoDate): Promise<IsoDate | null> {
  const row = await db().paper.findFirst({
    where: { hidden: false, feedDate: { lt: utcFromIsoDate(date) } },
    orderBy: { feedDate: "desc" },
    select: { feedDate: true },
  });
  return row ? isoDateFromUtc(row.feedDate) : null;
}
