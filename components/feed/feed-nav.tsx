import Link from "next/link";
import { periodPath, shortPeriodLabel, type Period } from "@/lib/feed/periods";

const NOUN = { day: "day", week: "week", month: "month" } as const;

/**
 * Previous/next links to the nearest periods that have papers; ←/→ follow
 * them (data-nav). Shown above the feed and again below it (`place`); each
 * arrow says where it goes, in a few characters on phones.
 */
export function FeedNav({
  previous,
  next,
  kind,
  place = "top",
}: {
  previous: Period | null;
  next: Period | null;
  kind: Period["kind"];
  place?: "top" | "bottom";
}) {
  if (!previous && !next) return null;
  const linkClass =
    "inline-flex items-center gap-1 rounded-md border border-gray-200 px-3 py-1.5 text-sm hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800";
  const noun = NOUN[kind];
  return (
    <nav
      aria-label={place === "top" ? `Previous and next ${noun}` : `Previous and next ${noun}, below the list`}
      className={place === "top" ? "flex items-center gap-2" : "mt-8 flex items-center justify-between gap-2"}
      data-feed-nav={place}
    >
      {previous ? (
        <Link
          href={periodPath(previous)}
          data-nav="previous"
          rel={place === "top" ? "prev" : undefined}
          className={linkClass}
          title={`Previous ${noun}: ${previous.label}`}
        >
          <span aria-hidden="true">←</span> <span className="sr-only">Previous {noun}: </span>
          <Label period={previous} />
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link
          href={periodPath(next)}
          data-nav="next"
          rel={place === "top" ? "next" : undefined}
          className={linkClass}
          title={`Next ${noun}: ${next.label}`}
        >
          <span className="sr-only">Next {noun}: </span>
          <Label period={next} /> <span aria-hidden="true">→</span>
        </Link>
      ) : null}
    </nav>
  );
}

/** The full label from the small breakpoint up, a short one on phones; screen readers hear the full one. */
function Label({ period }: { period: Period }) {
  return (
    <>
      <span className="hidden sm:inline" data-label="full">
        {period.label}
      </span>
      <span className="sm:hidden" aria-hidden="true" data-label="short">
        {shortPeriodLabel(period)}
      </span>
      <span className="sr-only sm:hidden">{period.label}</span>
    </>
  );
}
