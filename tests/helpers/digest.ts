import { sqlPool } from "@/lib/db";
import type { IsoDate } from "@/lib/papers/dates";
import { upsertPapers } from "@/lib/papers/upsert-queries";
import { NO_EXTRAS, type PaperRecord } from "@/lib/papers/schemas";

// Papers and subscribers for the digest's tests, written straight to the test database.

export type TestPaper = { id: string; title?: string; abstract?: string; upvotes: number };

export async function addPapers(date: string, papers: TestPaper[]): Promise<void> {
  const records: PaperRecord[] = papers.map((p, i) => ({
    id: p.id,
    title: p.title ?? `Paper ${p.id}`,
    abstract: p.abstract ?? `The abstract of paper ${p.id}.`,
    authors: ["Ada Lovelace", "Alan Turing"],
    authorCount: 2,
    orgHandle: null,
    orgName: null,
    feedDate: date as IsoDate,
    feedAddedAt: new Date(Date.parse(`${date}T08:00:00Z`) + i * 1000),
    publishedAt: null,
    sourceUpvotes: p.upvotes,
    extras: NO_EXTRAS,
  }));
  await upsertPapers(records);
}

export type SubscriberSpec = {
  prefix: string;
  count: number;
  frequency?: "daily" | "weekly";
  status?: "pending" | "active" | "unsubscribed" | "bouncing";
  keywords?: string | null;
  minUpvotes?: number | null;
  confirmedAt?: Date;
};

/** `count` subscribers prefix-0000@example.org ... in one statement; returns their addresses in id order. */
export async function addSubscribers(spec: SubscriberSpec): Promise<string[]> {
  const { rows } = await sqlPool().query<{ email: string }>(
    `INSERT INTO subscribers (id, email, status, frequency, keywords, min_upvotes, confirmed_at, created_at, updated_at)
     SELECT $1 || '-' || lpad(n::text, 5, '0'), $1 || '-' || lpad(n::text, 5, '0') || '@example.org',
            $3::subscriber_status, $4::digest_frequency, $5, $6, $7, $7, now()
     FROM generate_series(1, $2) AS n
     RETURNING email`,
    [
      spec.prefix,
      spec.count,
      spec.status ?? "active",
      spec.frequency ?? "daily",
      spec.keywords ?? null,
      spec.minUpvotes ?? null,
      spec.confirmedAt ?? new Date(Date.now() - 7 * 86_400_000),
    ],
  );
  return rows.map((r) => r.email).sort();
}

export async function deliveryRows(
  period: string,
): Promise<
  { email: string; status: string; attempts: number; skip_reason: string | null; last_error: string | null }[]
> {
  const { rows } = await sqlPool().query<{
    email: string;
    status: string;
    attempts: number;
    skip_reason: string | null;
    last_error: string | null;
  }>(
    `SELECT s.email, d.status::text, d.attempts, d.skip_reason, d.last_error FROM digest_deliveries d JOIN subscribers s ON s.id = d.subscriber_id
     WHERE d.period = $1 ORDER BY s.email`,
    [period],
  );
  return rows;
}

/** How many messages each address received. */
export function countByAddress(messages: { to: string[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}
