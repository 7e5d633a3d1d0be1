import Link from "next/link";
import { periodOf, periodPath, type Period, type PeriodKind } from "@/lib/feed/periods";

const TABS: { kind: PeriodKind; label: string }[] = [
  { kind: "day", label: "Daily" },
  { kind: "week", label: "Weekly" },
  { kind: "month", label: "Monthly" },
];

/** Daily / Weekly / Monthly views of the period that holds the current one's first day. */
export function PeriodTabs({ period }: { period: Period }) {
  return (
    <nav aria-label="View" className="inline-flex rounded-lg bg-gray-100 p-0.5 text-sm dark:bg-gray-800">
      {TABS.map(({ kind, label }) => {
        const active = kind === period.kind;
        return (
          <Link
            key={kind}
            href={periodPath(periodOf(kind, period.start))}
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
