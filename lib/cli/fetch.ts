// npm run fetch                                   today and the FETCH_REFRESH_DAYS days before it
// npm run fetch -- --from 2026-03-01 --to 2026-03-31   a range (a backfill)
// npm run fetch -- --status                       the last runs, with each failed day's reason
// Fetches from PAPERS_UPSTREAM_URL (the Daily Papers API: Hugging Face's, or
// another Paperboy), prints a summary, exits 1 when any day failed.
import { parseArgs } from "node:util";
import { z } from "zod";
import { connectDatabase } from "@/lib/database/connect";
import { applyMigrations } from "@/lib/database/migrate";
import { disconnectDb } from "@/lib/db";
import { formatZodError } from "@/lib/errors";
import { daysBetween, defaultFetchDays, fetchFeed, type FetchSummary } from "@/lib/papers/fetch/fetch-feed";
import { listRecentFetchRuns, type FetchRunReport } from "@/lib/papers/fetch/queries";
import { isoDateSchema } from "@/lib/papers/schemas";
import { createProgress } from "./progress";
import { runCli } from "./run";

const USAGE = `usage: npm run fetch [-- --from YYYY-MM-DD --to YYYY-MM-DD | --status]
  (no flags)   today (UTC) and the FETCH_REFRESH_DAYS days before it
  --from/--to  every day of that range (either alone: that one day)
  --status     the last fetch runs, with the reason of each failed day`;

const MAX_RANGE_DAYS = 3_660;

const flagsSchema = z
  .object({
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    status: z.boolean(),
    help: z.boolean(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "--from is after --to" })
  .refine((f) => !(f.status && (f.from || f.to)), { message: "--status takes no dates" });

export function formatFetchSummary(s: FetchSummary): string {
  const c = s.counts;
  const lines = [
    `Fetched ${c.daysAsked} day${c.daysAsked === 1 ? "" : "s"} from ${s.upstream} in ${s.seconds.toFixed(1)} s (${c.requests} requests)`,
    `  days       asked ${c.daysAsked}, fetched ${c.daysFetched}, empty ${c.daysEmpty}, failed ${c.daysFailed}`,
    `  papers     inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}, invalid ${c.invalid}`,
  ];
  const failed = s.days.filter((d) => d.status === "failed");
  if (failed.length) {
    lines.push(
      failed.length < s.days.length
        ? "Failed days (the others landed; run again to retry these):"
        : "Failed days (run again to retry them):",
    );
    for (const d of failed) lines.push(`  ${d.date}: ${d.reason ?? "failed"}`);
  }
  if (s.imported.invalid) {
    lines.push("Invalid papers:");
    for (const r of s.imported.invalidRecords) lines.push(`  ${r.file} ${r.position}: ${r.reason}`);
    if (s.imported.invalid > s.imported.invalidRecords.length)
      lines.push(`  ... and ${s.imported.invalid - s.imported.invalidRecords.length} more`);
  }
  return lines.join("\n");
}

export function formatFetchRuns(runs: FetchRunReport[]): string {
  if (!runs.length) return "No fetch has run yet.";
  const lines: string[] = [];
  for (const r of runs) {
    const c = r.counts;
    const took = r.finishedAt
      ? ` in ${((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(1)} s`
      : "";
    const range = r.firstDay === r.lastDay ? r.firstDay : `${r.firstDay}..${r.lastDay}`;
    lines.push(
      `${r.startedAt.toISOString()}  ${r.status.padEnd(11)} ${r.trigger.padEnd(8)} ${range}${took} · ` +
        `days ${c.daysFetched} fetched, ${c.daysEmpty} empty, ${c.daysFailed} failed · ` +
        `papers +${c.inserted} ~${c.updated} =${c.unchanged} invalid ${c.invalid} · ${r.upstream}`,
    );
    if (r.error) lines.push(`    ${r.error}`);
    for (const d of r.failedDays) lines.push(`    ${d.date}: ${d.reason ?? "failed"}`);
  }
  return lines.join("\n");
}

runCli(async (argv) => {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: "string" },
        to: { type: "string" },
        status: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    return { code: 2, message: `${(error as Error).message}\n${USAGE}` };
  }
  const flags = flagsSchema.safeParse(values);
  if (!flags.success) return { code: 2, message: `${formatZodError(flags.error)}\n${USAGE}` };
  if (flags.data.help) return { code: 0, message: USAGE };
  const { from, to } = flags.data;
  const days = from || to ? daysBetween(from ?? to!, to ?? from!) : defaultFetchDays();
  if (days.length > MAX_RANGE_DAYS) return { code: 2, message: `at most ${MAX_RANGE_DAYS} days at once` };

  const database = await connectDatabase(console.error);
  try {
    await applyMigrations(database.url);
    if (flags.data.status) return { code: 0, message: formatFetchRuns(await listRecentFetchRuns(10)) };
    const progress = createProgress();
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const summary = await fetchFeed({
      days,
      trigger: "cli",
      ifLocked: "wait",
      signal: controller.signal,
      onProgress: ({ day, index, days: count, requests }) =>
        progress.update(`day ${index + 1}/${count} · ${day} · ${requests} requests so far`, { force: true }),
      onWaiting: () => console.error("Another fetch is running; waiting for it to finish ..."),
    });
    progress.done();
    if (controller.signal.aborted) return { code: 130, message: `${formatFetchSummary(summary)}\nStopped.` };
    return { code: summary.counts.daysFailed ? 1 : 0, message: formatFetchSummary(summary) };
  } finally {
    await disconnectDb();
    await database.release();
  }
});
