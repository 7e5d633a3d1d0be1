import "server-only";
import { db, sqlPool } from "@/lib/db";
import type { DigestFrequency, SubscriberStatus } from "@/lib/generated/prisma/client";
import type { DigestKind } from "./periods";

// Subscribers: sign-up, confirmation, preferences and unsubscribe, through
// Prisma. The delivery engine's SQL is in delivery-queries.ts.

export type SubscriberRow = {
  id: string;
  email: string;
  status: SubscriberStatus;
  frequency: DigestFrequency;
  keywords: string | null;
  minUpvotes: number | null;
  confirmationSentAt: Date | null;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
};

const subscriberSelect = {
  id: true,
  email: true,
  status: true,
  frequency: true,
  keywords: true,
  minUpvotes: true,
  confirmationSentAt: true,
  confirmedAt: true,
  unsubscribedAt: true,
} as const;

export async function findSubscriberById(id: string): Promise<SubscriberRow | null> {
  return db().subscriber.findUnique({ where: { id }, select: subscriberSelect });
}

export async function findSubscriberByEmail(email: string): Promise<SubscriberRow | null> {
  return db().subscriber.findUnique({ where: { email }, select: subscriberSelect });
}

/** The subscriber for an address, created pending when new (concurrent calls get the same row). */
export async function upsertPendingSubscriber(email: string): Promise<SubscriberRow> {
  const { rows } = await sqlPool().query<{ id: string }>(
    `INSERT INTO subscribers (id, email, status, frequency, created_at, updated_at)
     VALUES ('sub_' || replace(gen_random_uuid()::text, '-', ''), $1, 'pending', 'daily', now(), now())
     ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
     RETURNING id`,
    [email],
  );
  return (await findSubscriberById(rows[0]!.id))!;
}

/**
 * Takes the right to send a confirmation mail now: true for at most one caller
 * an hour per subscriber, however many requests race. The first request after
 * an unsubscribe is not held back: the reader who left and comes back asks for
 * a new link (the old one is outdated) and should get it at once; the send
 * then stamps confirmation_sent_at past the unsubscribe, so the hour holds again.
 */
export async function claimConfirmationSend(id: string, minIntervalSeconds: number): Promise<Date | null> {
  const { rows } = await sqlPool().query<{ previous: Date | null }>(
    `UPDATE subscribers s SET confirmation_sent_at = now(), updated_at = now()
     FROM (SELECT id, confirmation_sent_at AS previous, unsubscribed_at FROM subscribers WHERE id = $1 FOR UPDATE) old
     WHERE s.id = old.id AND (old.previous IS NULL OR old.previous < now() - make_interval(secs => $2)
       OR (s.status = 'unsubscribed' AND old.unsubscribed_at > old.previous))
     RETURNING old.previous`,
    [id, minIntervalSeconds],
  );
  return rows.length ? (rows[0]!.previous ?? new Date(0)) : null;
}

/** Gives the hour back when the confirmation could not be sent, so the reader can try again. */
export async function releaseConfirmationSend(id: string, previous: Date): Promise<void> {
  await sqlPool().query(`UPDATE subscribers SET confirmation_sent_at = $2 WHERE id = $1`, [
    id,
    previous.getTime() === 0 ? null : previous,
  ]);
}

export async function activateSubscriber(id: string): Promise<void> {
  await db().subscriber.update({
    where: { id },
    data: {
      status: "active",
      confirmedAt: new Date(),
      unsubscribedAt: null,
      bouncedAt: null,
      lastBounce: null,
    },
  });
}

/** True when the subscriber exists. Idempotent: unsubscribing twice keeps the first time. */
export async function unsubscribeSubscriber(id: string): Promise<boolean> {
  const { rowCount } = await sqlPool().query(
    `UPDATE subscribers SET status = 'unsubscribed',
       unsubscribed_at = CASE WHEN status = 'unsubscribed' THEN unsubscribed_at ELSE now() END, updated_at = now()
     WHERE id = $1`,
    [id],
  );
  return (rowCount ?? 0) > 0;
}

export async function updateSubscriberPreferences(
  id: string,
  preferences: { frequency: DigestKind; keywords: string | null; minUpvotes: number | null },
): Promise<void> {
  await db().subscriber.update({ where: { id }, data: preferences });
}
