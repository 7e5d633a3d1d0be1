import "server-only";
import { sqlPool } from "@/lib/db";
import type { DigestFrequency, SubscriberStatus } from "@/lib/generated/prisma/client";
import type { DigestKind } from "./periods";
import type { SubscriberRow } from "./subscriber-queries";

// The delivery engine's queries, in plain SQL on the shared pool: one
// statement a step, so each step is atomic without a client-side transaction,
// and the hot path costs two round trips a message.

// ---- deliveries: claiming ---------------------------------------------------------

export type ClaimedDelivery = { id: string; subscriberId: string; attempts: number };

type ClaimScope = { period: string; workerId: string; subscriberId?: string | null };

/**
 * Claims due subscribers that have no row for the period yet by inserting
 * their row as `sending`: the unique (subscriber, period) key is the lock, so
 * two workers never hold the same subscriber. Walks subscribers by id from
 * `afterId`; SKIP LOCKED lets concurrent workers take disjoint batches.
 */
export async function claimNewDeliveries(
  scope: ClaimScope & { kind: DigestKind; cutoff: Date; limit: number; afterId: string },
): Promise<{ claimed: ClaimedDelivery[]; cursor: string | null }> {
  const { rows } = await sqlPool().query<{
    cursor: string | null;
    claimed: { id: string; subscriber_id: string }[];
  }>(
    `WITH candidates AS (
       SELECT s.id FROM subscribers s
       WHERE s.status = 'active' AND s.frequency = $1::digest_frequency
         AND coalesce(s.confirmed_at, s.created_at) <= $3
         AND s.id > $5 AND ($7::text IS NULL OR s.id = $7)
         AND NOT EXISTS (SELECT 1 FROM digest_deliveries d WHERE d.subscriber_id = s.id AND d.period = $2)
       ORDER BY s.id
       LIMIT $4
       FOR NO KEY UPDATE OF s SKIP LOCKED
     ), inserted AS (
       INSERT INTO digest_deliveries (id, subscriber_id, period, status, attempts, claimed_by, claimed_at, created_at, updated_at)
       SELECT 'dd_' || replace(gen_random_uuid()::text, '-', ''), c.id, $2, 'sending', 0, $6, now(), now(), now() FROM candidates c
       ON CONFLICT (subscriber_id, period) DO NOTHING
       RETURNING id, subscriber_id
     )
     SELECT (SELECT max(id) FROM candidates) AS cursor,
            coalesce((SELECT json_agg(json_build_object('id', i.id, 'subscriber_id', i.subscriber_id)) FROM inserted i), '[]'::json) AS claimed`,
    [
      scope.kind,
      scope.period,
      scope.cutoff,
      scope.limit,
      scope.afterId,
      scope.workerId,
      scope.subscriberId ?? null,
    ],
  );
  const row = rows[0]!;
  return {
    cursor: row.cursor,
    claimed: row.claimed.map((r) => ({ id: r.id, subscriberId: r.subscriber_id, attempts: 0 })),
  };
}

/**
 * Claims rows that are waiting for another try (retrying, next attempt due)
 * and rows whose worker stopped renewing its claim (sending, lease expired:
 * the worker died). The second kind is the only place a message can go out
 * twice: the dead worker may have sent it before dying. Its lost try counts
 * as an attempt.
 */
export async function reclaimDeliveries(
  scope: ClaimScope & { limit: number; leaseSeconds: number },
): Promise<ClaimedDelivery[]> {
  const { rows } = await sqlPool().query<{ id: string; subscriber_id: string; attempts: number }>(
    `UPDATE digest_deliveries d SET
       attempts = CASE WHEN d.status = 'sending' THEN d.attempts + 1 ELSE d.attempts END,
       status = 'sending', claimed_by = $2, claimed_at = now(), updated_at = now()
     FROM (
       SELECT id FROM digest_deliveries
       WHERE period = $1 AND ($5::text IS NULL OR subscriber_id = $5)
         AND ((status = 'retrying' AND next_attempt_at <= now())
           OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $4)))
       ORDER BY next_attempt_at NULLS FIRST, id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     ) due
     WHERE d.id = due.id
     RETURNING d.id, d.subscriber_id, d.attempts`,
    [scope.period, scope.workerId, scope.limit, scope.leaseSeconds, scope.subscriberId ?? null],
  );
  return rows.map((r) => ({ id: r.id, subscriberId: r.subscriber_id, attempts: r.attempts }));
}

/** A later run gives failed rows of still-active subscribers a fresh set of attempts. Bounces are not retried: those subscribers are bouncing. */
export async function reviveFailedDeliveries(period: string, subscriberId?: string | null): Promise<number> {
  const { rowCount } = await sqlPool().query(
    `UPDATE digest_deliveries d SET status = 'retrying', attempts = 0, next_attempt_at = now(), claimed_by = NULL, updated_at = now()
     FROM subscribers s
     WHERE s.id = d.subscriber_id AND s.status = 'active' AND d.period = $1 AND d.status = 'failed'
       AND ($2::text IS NULL OR d.subscriber_id = $2)`,
    [period, subscriberId ?? null],
  );
  return rowCount ?? 0;
}

/** Keeps this worker's claims alive while it works through them. */
export async function renewClaims(workerId: string): Promise<void> {
  await sqlPool().query(
    `UPDATE digest_deliveries SET claimed_at = now() WHERE claimed_by = $1 AND status = 'sending'`,
    [workerId],
  );
}

/**
 * Hands back claims this worker will not work on (it is stopping, or a round
 * ended with claims it did not get to): rows never tried go away (the
 * subscriber is simply due again), others wait for a retry. `ids` null: all of
 * this worker's claims in the period.
 */
export async function releaseClaims(workerId: string, period: string, ids: string[] | null): Promise<void> {
  if (ids && !ids.length) return;
  await sqlPool().query(
    `WITH mine AS (
       SELECT id, attempts FROM digest_deliveries
       WHERE claimed_by = $1 AND status = 'sending' AND period = $3 AND ($2::text[] IS NULL OR id = ANY($2))
     ), dropped AS (
       DELETE FROM digest_deliveries d USING mine WHERE d.id = mine.id AND mine.attempts = 0
     )
     UPDATE digest_deliveries d SET status = 'retrying', next_attempt_at = now(), claimed_by = NULL, updated_at = now()
     FROM mine WHERE d.id = mine.id AND mine.attempts > 0`,
    [workerId, ids, period],
  );
}

// ---- deliveries: sending and marking --------------------------------------------

export type SendContext = {
  /** Still this worker's claim: false when the lease was lost (taken over) or the row was finished elsewhere. */
  owned: boolean;
  attempts: number;
  subscriber: Pick<SubscriberRow, "id" | "email" | "status" | "frequency" | "keywords" | "minUpvotes">;
  /** Which of the candidate papers this subscriber has already received. */
  deliveredPaperIds: string[];
};

/**
 * Read just before sending: the subscriber's current status and preferences
 * (an unsubscribe during a run stops their mail), what they already received,
 * and whether the claim is still ours. One round trip.
 */
export async function readSendContext(
  deliveryId: string,
  workerId: string,
  candidatePaperIds: string[],
): Promise<SendContext | null> {
  const { rows } = await sqlPool().query<{
    owned: boolean;
    attempts: number;
    subscriber_id: string;
    email: string;
    status: SubscriberStatus;
    frequency: DigestFrequency;
    keywords: string | null;
    min_upvotes: number | null;
    delivered: string[];
  }>(
    `SELECT d.status = 'sending' AND d.claimed_by = $2 AS owned, d.attempts,
            s.id AS subscriber_id, s.email, s.status, s.frequency, s.keywords, s.min_upvotes,
            ARRAY(SELECT dp.paper_id FROM delivered_papers dp WHERE dp.subscriber_id = s.id AND dp.paper_id = ANY($3)) AS delivered
     FROM digest_deliveries d JOIN subscribers s ON s.id = d.subscriber_id
     WHERE d.id = $1`,
    [deliveryId, workerId, candidatePaperIds],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    owned: r.owned,
    attempts: r.attempts,
    subscriber: {
      id: r.subscriber_id,
      email: r.email,
      status: r.status,
      frequency: r.frequency,
      keywords: r.keywords,
      minUpvotes: r.min_upvotes,
    },
    deliveredPaperIds: r.delivered,
  };
}

/**
 * The server accepted the message: the row becomes sent and its papers are
 * recorded as received, in one statement (so one transaction): a paper is
 * never recorded without the send, nor the send without its papers. Marked
 * even if the claim was lost meanwhile: the message did go out, and a row
 * marked sent is one nobody sends again.
 */
export async function markDeliverySent(
  deliveryId: string,
  messageId: string,
  paperIds: string[],
): Promise<void> {
  await sqlPool().query(
    `WITH sent AS (
       UPDATE digest_deliveries SET status = 'sent', message_id = $2, sent_at = now(), attempts = attempts + 1,
         last_error = NULL, next_attempt_at = NULL, skip_reason = NULL, updated_at = now()
       WHERE id = $1 AND status <> 'sent'
       RETURNING id, subscriber_id
     )
     INSERT INTO delivered_papers (subscriber_id, paper_id, delivery_id)
     SELECT sent.subscriber_id, p, sent.id FROM sent, unnest($3::text[]) AS p
     ON CONFLICT (subscriber_id, paper_id) DO NOTHING`,
    [deliveryId, messageId, paperIds],
  );
}

export async function markDeliverySkipped(
  deliveryId: string,
  workerId: string,
  reason: string,
): Promise<void> {
  await sqlPool().query(
    `UPDATE digest_deliveries SET status = 'skipped', skip_reason = $3, next_attempt_at = NULL, updated_at = now()
     WHERE id = $1 AND claimed_by = $2 AND status = 'sending'`,
    [deliveryId, workerId, reason],
  );
}

/** A temporary failure: tried again at `retryAt`, or failed for good when null (the last attempt). */
export async function markDeliveryFailedAttempt(
  deliveryId: string,
  workerId: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await sqlPool().query(
    `UPDATE digest_deliveries SET status = CASE WHEN $4::timestamptz IS NULL THEN 'failed'::delivery_status ELSE 'retrying'::delivery_status END,
       attempts = attempts + 1, last_error = $3, next_attempt_at = $4, updated_at = now()
     WHERE id = $1 AND claimed_by = $2 AND status = 'sending'`,
    [deliveryId, workerId, error.slice(0, 1000), retryAt],
  );
}

/** Gives up on a row without another attempt (e.g. its worker was lost too many times). */
export async function markDeliveryFailed(deliveryId: string, workerId: string, error: string): Promise<void> {
  await sqlPool().query(
    `UPDATE digest_deliveries SET status = 'failed', last_error = $3, next_attempt_at = NULL, updated_at = now()
     WHERE id = $1 AND claimed_by = $2 AND status = 'sending'`,
    [deliveryId, workerId, error.slice(0, 1000)],
  );
}

/** A permanent rejection (SMTP 5xx): the row fails and the subscriber is bouncing, so nothing more is sent to them. */
export async function markDeliveryBounced(
  deliveryId: string,
  workerId: string,
  error: string,
): Promise<void> {
  await sqlPool().query(
    `WITH failed AS (
       UPDATE digest_deliveries SET status = 'failed', attempts = attempts + 1, last_error = $3, next_attempt_at = NULL, updated_at = now()
       WHERE id = $1 AND claimed_by = $2 AND status = 'sending'
       RETURNING subscriber_id
     )
     UPDATE subscribers s SET status = 'bouncing', bounced_at = now(), last_bounce = $3, updated_at = now()
     FROM failed WHERE s.id = failed.subscriber_id AND s.status = 'active'`,
    [deliveryId, workerId, error.slice(0, 1000)],
  );
}
