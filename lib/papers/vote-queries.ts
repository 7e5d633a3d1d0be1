import { db, sqlPool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { feedPaperSelect, toFeedPaper, type FeedPaper } from "./queries";

// Upvotes: one row per (user, paper), and the counters beside it.

/**
 * Sets one user's vote on a paper to `on`, in one statement: the vote row and
 * the counters change together or not at all. The (user, paper) key decides
 * races: of two concurrent inserts one inserts and the other does nothing, so
 * the count moves once. Returns the shown count after the change.
 */
export async function setVote(
  userId: string,
  paperId: string,
  on: boolean,
): Promise<{ voted: boolean; upvotes: number }> {
  const { rows } = await sqlPool().query<{ upvotes: number }>(
    `WITH paper AS (SELECT id FROM papers WHERE id = $2 AND NOT hidden),
     added AS (
       INSERT INTO votes (user_id, paper_id) SELECT $1, id FROM paper WHERE $3
       ON CONFLICT DO NOTHING RETURNING 1
     ),
     removed AS (DELETE FROM votes WHERE user_id = $1 AND paper_id IN (SELECT id FROM paper) AND NOT $3 RETURNING 1),
     delta AS (SELECT (SELECT count(*) FROM added) - (SELECT count(*) FROM removed) AS n)
     UPDATE papers SET
       local_upvotes = local_upvotes + (SELECT n FROM delta),
       upvotes = upvotes + (SELECT n FROM delta),
       updated_at = CASE WHEN (SELECT n FROM delta) <> 0 THEN now() ELSE updated_at END
     WHERE id IN (SELECT id FROM paper)
     RETURNING upvotes`,
    [userId, paperId, on],
  );
  const row = rows[0];
  if (!row) throw new AppError({ code: "not_found", message: `No paper ${paperId} in the feed.` });
  return { voted: on, upvotes: row.upvotes };
}

/** Which of these papers the reader has voted for: none for a reader who is not signed in. */
export async function getVotedPaperIds(
  userId: string | undefined,
  papers: readonly { id: string }[],
): Promise<string[]> {
  if (!userId || !papers.length) return [];
  const votes = await db().vote.findMany({
    where: { userId, paperId: { in: papers.map((p) => p.id) } },
    select: { paperId: true },
  });
  return votes.map((v) => v.paperId);
}

/** A user's voted papers, latest vote first. */
export async function listVotedPapers(
  userId: string,
  options: { offset: number; limit: number },
): Promise<{ papers: FeedPaper[]; total: number }> {
  const where = { userId, paper: { hidden: false } };
  const [votes, total] = await Promise.all([
    db().vote.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { paperId: "asc" }],
      skip: options.offset,
      take: options.limit,
      select: { paper: { select: feedPaperSelect } },
    }),
    db().vote.count({ where }),
  ]);
  return { papers: votes.map((v) => toFeedPaper(v.paper)), total };
}
