import Link from "next/link";
import { periodPath, type Period } from "@/lib/feed/periods";

const NOUN = { day: "day", week: "week", month: "month" } as const;

/** Previous/next links to the nearest periods that have papers; ←/→ follow them (data-nav). */
export function FeedNav({
  previous,
  next,
  kind,
}: {
  previous: Period | null;
  next: Period | null;
  kind: Period["kind"];
}) {
  const linkClass =
    "inline-flex items-center gap-1 rounded-md border border-gray-200 px-3 py-1.5 text-sm hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800";
  return (
    <nav aria-label={`Previous and next ${NOUN[kind]}`} className="flex items-center gap-2">
      {previous ? (
        <Link
          href={periodPath(previous)}
          data-nav="previous"
          rel="prev"
          className={linkClass}
          title={`Previous ${NOUN[kind]}: ${previous.label}`}
        >
          <span aria-hidden="true">←</span> <span className="sr-only">Previous {NOUN[kind]}: </span>
          <span className="hidden sm:inline">{shortLabel(previous)}</span>
        </Link>
      ) : null}
      {next ? (
        <Link
          href={periodPath(next)}
          data-nav="next"
          rel="next"
          className={linkClass}
          title={`Next ${NOUN[kind]}: ${next.label}`}
        >
          <span className="sr-only">Next {NOUN[kind]}: </span>
          <span className="hidden sm:inline">{shortLabel(next)}</span> <span aria-hidden="true">→</span>
        </Link>
      ) : null}
    </nav>
  );
}

function shortLabel(period: Period): string {
  return period.kind === "week" ? period.key : period.label;
}
