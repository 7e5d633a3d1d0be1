import { db } from "@/lib/db";
import { type Prisma } from "@/lib/generated/prisma/client";

// Every query the search index makes. All of them are bounded: the index is
// built in keyset pages, and the catch-up walks updated_at through its index.

const searchRowSelect = {
  id: true,
  title: true,
  abstract: true,
  authors: true,
  authorCount: true,
  orgHandle: true,
  orgName: true,
  feedDate: true,
  upvotes: true,
  hidden: true,
  updatedAt: true,
} satisfies Prisma.PaperSelect;

/** What the index needs of a paper, as stored. */
export type SearchRow = Prisma.PaperGetPayload<{ select: typeof searchRowSelect }>;

/**
 * The database state an index reflects: the newest updated_at of any paper,
 * how many are visible, and the database's clock when that was read (every
 * change that started 30 s or more before `readAt` had committed and was
 * seen by then: what lets a later catch-up look back only from there).
 */
export type Watermark = { maxUpdatedAt: Date | null; count: number; readAt: Date | null };

/** One page of visible papers in id order, after `afterId`: the index is built from these. */
export async function listSearchRows(afterId: string | null, limit: number): Promise<SearchRow[]> {
  return db().paper.findMany({
    where: { hidden: false, ...(afterId === null ? {} : { id: { gt: afterId } }) },
    orderBy: { id: "asc" },
    take: limit,
    select: searchRowSelect,
  });
}

/** The papers with these ids, hidden ones included (the caller removes those). */
export async function getSearchRows(ids: readonly string[]): Promise<SearchRow[]> {
  if (!ids.length) return [];
  return db().paper.findMany({ where: { id: { in: [...ids] } }, select: searchRowSelect });
}

export type ChangedPaper = { id: string; updatedAt: Date };

/**
 * Papers with updated_at >= since, in (updated_at, id) order, after the
 * keyset `after`: only ids and times, so a wide catch-up window stays cheap;
 * the rows themselves are read for the ids not applied yet.
 */
export async function listChangedPapers(
  since: Date,
  after: ChangedPaper | null,
  limit: number,
): Promise<ChangedPaper[]> {
  const rows = after
    ? await db().$queryRaw<{ id: string; updated_at: Date }[]>`
        SELECT id, updated_at FROM papers
        WHERE updated_at >= ${since} AND (updated_at, id) > (${after.updatedAt}, ${after.id})
        ORDER BY updated_at, id LIMIT ${limit}`
    : await db().$queryRaw<{ id: string; updated_at: Date }[]>`
        SELECT id, updated_at FROM papers
        WHERE updated_at >= ${since}
        ORDER BY updated_at, id LIMIT ${limit}`;
  return rows.map((r) => ({ id: r.id, updatedAt: r.updated_at }));
}

export async function getWatermark(): Promise<Watermark> {
  const [row] = await db().$queryRaw<
    { max: Date | null; count: bigint; now: Date }[]
  >`SELECT max(updated_at) AS max, count(*) FILTER (WHERE NOT hidden) AS count, now() AS now FROM papers`;
  return { maxUpdatedAt: row?.max ?? null, count: Number(row?.count ?? 0), readAt: row?.now ?? null };
}

/** The database's clock (the start of this statement's transaction), so catch-ups never compare our clock with its. */
export async function getDatabaseNow(): Promise<Date> {
  const [row] = await db().$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  return row!.now;
}

/**
 * Which database this is, for the snapshot: its name and the id of its first
 * migration (a random UUID written when the database was created), so a
 * snapshot written for another database (the embedded one, a test database)
 * is never caught up as if it were this one's. Null without migrations.
 */
export async function getDatabaseIdentity(): Promise<string | null> {
  const [row] = await db().$queryRaw<{ identity: string | null }[]>`
    SELECT CASE WHEN to_regclass('_prisma_migrations') IS NULL THEN NULL
      ELSE current_database() || ':' || (SELECT id FROM _prisma_migrations ORDER BY started_at, migration_name LIMIT 1) END AS identity`;
  return row?.identity ?? null;
}

export async function countVisiblePapers(): Promise<number> {
  return db().paper.count({ where: { hidden: false } });
}

/** One page of visible paper ids in id order, for checking the index holds exactly those. */
export async function listVisiblePaperIds(afterId: string | null, limit: number): Promise<string[]> {
  const rows = await db().paper.findMany({
    where: { hidden: false, ...(afterId === null ? {} : { id: { gt: afterId } }) },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

export async function getVisiblePaperTitle(id: string): Promise<string | null> {
  const row = await db().paper.findFirst({ where: { id, hidden: false }, select: { title: true } });
  return row?.title ?? null;
}
