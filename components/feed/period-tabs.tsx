import Link from "next/link";
import { periodOf, periodPath, type Period, type PeriodKind } from "@/lib/feed/periods";
import type { IsoDate } from "@/lib/papers/dates";

const TABS: { kind: PeriodKind; label: string }[] = [
  { kind: "day", label: "Daily" },
  { kind: "week", label: "Weekly" },
  { kind: "month", label: "Monthly" },
];

/**
 * Daily / Weekly / Monthly views around the current period: the day, week and
 * month that hold its latest day with papers (`latestDate`), so that from
 * August the Daily tab opens August's last day with papers, not an empty 1st.
 */
export function PeriodTabs({ period, latestDate }: { period: Period; latestDate: IsoDate | null }) {
  const anchor = latestDate ?? period.start;
  return (
    <nav aria-label="View" className="inline-flex rounded-lg bg-gray-100 p-0.5 text-sm dark:bg-gray-800">
      {TABS.map(({ kind, label }) => {
        const active = kind === period.kind;
        return (
          <Link
            key={kind}
            href={active ? periodPath(period) : periodPath(periodOf(kind, anchor))}
            aria-current={active ? "page" : undefined}
            className={
              active
                ? "rounded-md bg-white px-3 py-1 font-medium shadow-sm dark:bg-gray-950"
                : "rounded-md px-3 py-1 text-gray-600 hover:text-gray-900 dark:text-gray-400 dark:hover:text-white"
            }
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
