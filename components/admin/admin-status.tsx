import type { ReactNode } from "react";
import type { DigestPeriodStatus } from "@/lib/digest/period-queries";
import type { QueueStatus } from "@/lib/jobs/queries";
import type { FetchRunReport } from "@/lib/papers/fetch/queries";

type Props = {
  settings: { upstream: string; fetchCron: string; refreshDays: number; digestCron: string; worker: string };
  fetchRuns: FetchRunReport[];
  digestPeriods: DigestPeriodStatus[];
  queue: QueueStatus | null;
};

const th = "px-2 py-1.5 text-left font-medium text-gray-600 dark:text-gray-300";
const td = "px-2 py-1.5 align-top tabular-nums";
const tr = "border-b border-gray-100 dark:border-gray-800/60";
const when = (d: Date | null) => (d ? `${d.toISOString().replace("T", " ").slice(0, 19)} UTC` : "—");

function StatusBadge({ status }: { status: string }) {
  const tone =
    status === "succeeded" || status === "sent"
      ? "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200"
      : status === "running"
        ? "bg-indigo-100 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-200"
        : "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200";
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${tone}`}>{status}</span>;
}

/** A section of the status page: a table of `rows`, or `empty` when there are none. */
function StatusTable({
  id,
  title,
  headers,
  empty,
  rows,
}: {
  id: string;
  title: string;
  headers: string[];
  empty: string;
  rows: ReactNode[];
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {rows.length ? (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-gray-200 dark:border-gray-800">
                {headers.map((h) => (
                  <th key={h} className={th}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows}</tbody>
          </table>
        </div>
      ) : (
        <p className="mt-2 text-sm text-gray-600 dark:text-gray-400">{empty}</p>
      )}
    </section>
  );
}

function Errors({ errors }: { errors: string[] }) {
  if (!errors.length) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-red-800 dark:text-red-300">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

/** The admin status page: fetch runs, digest periods, the scheduler's queue. */
export function AdminStatus({ settings, fetchRuns, digestPeriods, queue }: Props) {
  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-2xl font-bold tracking-tight">Status</h1>
        <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
          Fetching from <code className="font-mono">{settings.upstream}</code> at{" "}
          <code className="font-mono">{settings.fetchCron}</code> (UTC; today and {settings.refreshDays} days
          before) · digest at <code className="font-mono">{settings.digestCron}</code> · scheduler{" "}
          {settings.worker === "inline" ? "in npm start" : "in npm run worker"}
        </p>
      </header>

      <StatusTable
        id="fetch-heading"
        title="Fetch runs"
        headers={[
          "Started",
          "Status",
          "By, from",
          "Days",
          "Fetched · empty · failed",
          "Papers new · changed · same · invalid",
        ]}
        empty="No fetch has run yet."
        rows={fetchRuns.map((r) => (
          <tr key={r.id} className={tr} data-fetch-run>
            <td className={td}>{when(r.startedAt)}</td>
            <td className={td}>
              <StatusBadge status={r.status} />
            </td>
            <td className={td}>
              {r.trigger}
              <span className="block text-xs text-gray-500 dark:text-gray-400">{r.upstream}</span>
            </td>
            <td className={td}>{r.firstDay === r.lastDay ? r.firstDay : `${r.firstDay} – ${r.lastDay}`}</td>
            <td className={td}>
              {r.counts.daysFetched} · {r.counts.daysEmpty} · {r.counts.daysFailed}
            </td>
            <td className={td}>
              {r.counts.inserted} · {r.counts.updated} · {r.counts.unchanged} · {r.counts.invalid}
              <Errors
                errors={[...(r.error ? [r.error] : []), ...r.failedDays.map((d) => `${d.date}: ${d.reason}`)]}
              />
            </td>
          </tr>
        ))}
      />

      <StatusTable
        id="digest-heading"
        title="Digest deliveries"
        headers={["Period", "Last activity", "Sent · skipped · retrying · sending · failed"]}
        empty="No digest has gone out yet."
        rows={digestPeriods.map((p) => (
          <tr key={p.period} className={tr}>
            <td className={td}>{p.period}</td>
            <td className={td}>{when(p.lastActivity)}</td>
            <td className={td}>
              {p.counts.sent} · {p.counts.skipped} · {p.counts.retrying} · {p.counts.sending} ·{" "}
              {p.counts.failed}
              <Errors errors={p.errors} />
            </td>
          </tr>
        ))}
      />

      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading" className="text-lg font-semibold">
          Scheduler queue
        </h2>
        {!queue ? (
          <p className="mt-2 text-sm text-gray-600 dark:text-gray-400">The scheduler has not started yet.</p>
        ) : (
          <div className="mt-2 space-y-2 text-sm">
            <p>
              {queue.schedules.length
                ? queue.schedules.map((s) => `${s.queue}: ${s.cron} (${s.timezone})`).join(" · ")
                : "No schedule registered."}
            </p>
            {queue.queued.length ? (
              <ul className="list-inside list-disc">
                {queue.queued.map((q) => (
                  <li key={`${q.queue}-${q.state}`}>
                    {q.queue}: {q.count} {q.state}
                    {q.state !== "active" && q.nextStart ? `, next from ${when(q.nextStart)}` : ""}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-gray-600 dark:text-gray-400">Nothing queued.</p>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
