import "server-only";
import { getAccountSubscription, type AccountSubscription } from "@/lib/digest/account";
import { getVotedPaperIds } from "@/lib/papers/vote-queries";
import type { Viewer } from "./session";

// What is personal on a shared page, asked for by the page's client islands
// in one request after it loads (GET /api/me): who is reading, which of the
// papers on the page they upvoted, their digest. The pages themselves render
// the same for everyone, so the page cache can answer every reader; this
// answer is never cached.

export type ReaderState =
  | { viewer: null }
  | {
      viewer: { name: string | null; email: string | null; isAdmin: boolean };
      /** Of the papers asked about, those this reader upvoted. */
      votes: string[];
      digest: { status: AccountSubscription["status"] };
    };

export async function getReaderState(
  viewer: Viewer | null,
  paperIds: readonly string[],
): Promise<ReaderState> {
  if (!viewer) return { viewer: null };
  const [votes, subscription] = await Promise.all([
    getVotedPaperIds(
      viewer.id,
      [...new Set(paperIds)].map((id) => ({ id })),
    ),
    viewer.email ? getAccountSubscription(viewer.email) : null,
  ]);
  return {
    viewer: { name: viewer.name, email: viewer.email, isAdmin: viewer.isAdmin },
    votes,
    digest: { status: subscription?.status ?? "none" },
  };
}
