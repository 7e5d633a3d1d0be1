import { sqlPool } from "@/lib/db";
import type { IsoDate } from "./dates";
import type { PaperRecord } from "./schemas";

// The importer's one write: papers upserted in batches.

export type UpsertOutcome = { result: "inserted" | "updated" | "unchanged"; priorFeedDate: IsoDate | null };

/**
 * Inserts or updates papers in one statement. A paper keeps its earliest feed
 * date; a null upvote count or organization (a source that has none) keeps
 * what is stored; local votes are never touched, so the shown count stays
 * source + local. Rows whose values would not change are not written.
 */
export async function upsertPapers(records: PaperRecord[]): Promise<UpsertOutcome[]> {
  const payload = JSON.stringify(
    records.map((r) => ({
      id: r.id,
      title: r.title,
      abstract: r.abstract,
      author_count: r.authorCount,
      authors: r.authors,
      org_handle: r.orgHandle,
      org_name: r.orgName,
      feed_date: r.feedDate,
      feed_added_at: r.feedAddedAt.toISOString(),
      published_at: r.publishedAt?.toISOString() ?? null,
      source_upvotes: r.sourceUpvotes,
      github_repo: r.extras.githubRepo,
      github_stars: r.extras.githubStars,
      project_page: r.extras.projectPage,
      ai_summary: r.extras.aiSummary,
      ai_keywords: r.extras.aiKeywords,
      submitter_handle: r.extras.submitterHandle,
      submitter_name: r.extras.submitterName,
      num_comments: r.extras.numComments,
      discussion_id: r.extras.discussionId,
      entry_published_at: r.extras.entryPublishedAt?.toISOString() ?? null,
    })),
  );
  const { rows } = await sqlPool().query<{
    id: string;
    changed: boolean;
    inserted: boolean | null;
    prior_feed_date: string | null;
  }>(UPSERT_PAPERS_SQL, [payload]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return records.map((record) => {
    const row = byId.get(record.id);
    const priorFeedDate = row?.prior_feed_date ? (row.prior_feed_date as IsoDate) : null;
    const result = !row?.changed ? "unchanged" : row.inserted ? "inserted" : "updated";
    return { result, priorFeedDate };
  });
}

const EXTRA_COLUMNS = [
  "github_repo",
  "github_stars",
  "project_page",
  "ai_summary",
  "ai_keywords",
  "submitter_handle",
  "submitter_name",
  "num_comments",
  "discussion_id",
  "entry_published_at",
] as const;

// A source that has no value for an extra (an arXiv listing, an older API
// response) keeps the stored one: coalesce(new, stored), the same rule as
// for upvotes and the organization.
const keptExtra = (c: string) => `coalesce(EXCLUDED.${c}, p.${c})`;

const UPSERT_PAPERS_SQL = `
    WITH input AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
        id text, title text, abstract text, author_count int, authors text[], org_handle text, org_name text,
        feed_date date, feed_added_at timestamptz, published_at timestamptz, source_upvotes int,
        github_repo text, github_stars int, project_page text, ai_summary text, ai_keywords text[],
        submitter_handle text, submitter_name text, num_comments int, discussion_id text,
        entry_published_at timestamptz)
    ),
    prior AS (
      SELECT p.id, p.feed_date FROM papers p JOIN input USING (id)
    ),
    written AS (
      INSERT INTO papers AS p (id, title, abstract, author_count, authors, org_handle, org_name,
                               feed_date, feed_added_at, published_at, source_upvotes, upvotes, updated_at,
                               ${EXTRA_COLUMNS.join(", ")})
      SELECT id, title, abstract, author_count, authors, org_handle, org_name,
             feed_date, feed_added_at, published_at, source_upvotes, coalesce(source_upvotes, 0), now(),
             ${EXTRA_COLUMNS.join(", ")}
      FROM input
      ON CONFLICT (id) DO UPDATE SET
        title = EXCLUDED.title,
        abstract = EXCLUDED.abstract,
        author_count = EXCLUDED.author_count,
        authors = EXCLUDED.authors,
        org_handle = coalesce(EXCLUDED.org_handle, p.org_handle),
        org_name = CASE WHEN EXCLUDED.org_handle IS NULL THEN p.org_name ELSE EXCLUDED.org_name END,
        feed_date = least(p.feed_date, EXCLUDED.feed_date),
        feed_added_at = CASE WHEN EXCLUDED.feed_date < p.feed_date THEN EXCLUDED.feed_added_at ELSE p.feed_added_at END,
        published_at = coalesce(EXCLUDED.published_at, p.published_at),
        source_upvotes = coalesce(EXCLUDED.source_upvotes, p.source_upvotes),
        upvotes = coalesce(EXCLUDED.source_upvotes, p.source_upvotes, 0) + p.local_upvotes,
        ${EXTRA_COLUMNS.map((c) => `${c} = ${keptExtra(c)}`).join(",\n        ")},
        updated_at = now()
      WHERE (p.title, p.abstract, p.author_count, p.authors, p.org_handle, p.org_name, p.feed_date, p.published_at, p.source_upvotes,
             ${EXTRA_COLUMNS.map((c) => `p.${c}`).join(", ")})
            IS DISTINCT FROM
            (EXCLUDED.title, EXCLUDED.abstract, EXCLUDED.author_count, EXCLUDED.authors,
             coalesce(EXCLUDED.org_handle, p.org_handle),
             CASE WHEN EXCLUDED.org_handle IS NULL THEN p.org_name ELSE EXCLUDED.org_name END,
             least(p.feed_date, EXCLUDED.feed_date),
             coalesce(EXCLUDED.published_at, p.published_at),
             coalesce(EXCLUDED.source_upvotes, p.source_upvotes),
             ${EXTRA_COLUMNS.map(keptExtra).join(", ")})
      RETURNING p.id, (xmax = 0) AS inserted
    )
    SELECT input.id, written.id IS NOT NULL AS changed, written.inserted, to_char(prior.feed_date, 'YYYY-MM-DD') AS prior_feed_date
    FROM input LEFT JOIN written USING (id) LEFT JOIN prior USING (id)`;
