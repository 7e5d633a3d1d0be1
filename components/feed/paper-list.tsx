import type { FeedPaper } from "@/lib/papers/queries";
import { PaperCard } from "@/components/paper/paper-card";

/**
 * Papers as a list of cards. `ranked`: the order is a ranking (by upvotes, or
 * weighed by age), so each card says its place; a list in another order (the
 * reader's votes, latest first) shows no numbers that would claim one.
 */
export function PaperList({
  papers,
  ranked,
  firstRank = 1,
  className = "",
}: {
  papers: FeedPaper[];
  ranked: boolean;
  firstRank?: number;
  className?: string;
}) {
  return (
    <ol className={`divide-y divide-gray-100 dark:divide-gray-800/60 ${className}`}>
      {papers.map((paper, i) => (
        <li key={paper.id}>
          <PaperCard paper={paper} rank={ranked ? firstRank + i : undefined} />
        </li>
      ))}
    </ol>
  );
}
