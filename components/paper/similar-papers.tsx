import Link from "next/link";
import { Isolated } from "@/components/ui/isolated";
import { formatDisplayDate } from "@/lib/papers/dates";
import type { FeedPaper } from "@/lib/papers/queries";

export function SimilarPapers({ papers }: { papers: FeedPaper[] }) {
  if (!papers.length) return null;
  return (
    <section
      aria-labelledby="similar-heading"
      className="mt-10 border-t border-gray-200 pt-6 dark:border-gray-800"
    >
      <h2 id="similar-heading" className="text-lg font-semibold">
        Similar papers
      </h2>
      <ul className="mt-3 space-y-3" data-similar>
        {papers.map((p) => (
          <li key={p.id}>
            <Link
              href={`/papers/${p.id}`}
              className="font-medium hover:text-indigo-600 dark:hover:text-indigo-400"
            >
              <Isolated>{p.title}</Isolated>
            </Link>
            <p className="text-sm text-gray-500 dark:text-gray-400">
              {p.upvotes} upvotes · {formatDisplayDate(p.feedDate)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
