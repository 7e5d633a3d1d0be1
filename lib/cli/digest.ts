// npm run digest -- [--dry-run] [--period daily|weekly] [--date YYYY-MM-DD] [--to ADDRESS]
// Sends the digest now: without flags, the latest completed feed day to daily
// subscribers and the last complete ISO week to weekly ones. Idempotent: what
// was already delivered for a period is not sent again, and failed deliveries
// get another set of attempts. Prints a summary; exit 1 when any delivery
// failed or is left pending.
import { parseArgs } from "node:util";
import { connectDatabase } from "@/lib/database/connect";
import { applyMigrations } from "@/lib/database/migrate";
import { disconnectDb } from "@/lib/db";
import { deliverPeriod } from "@/lib/digest/deliver";
import type { PeriodSummary } from "@/lib/digest/delivery-run";
import { previewPeriod, type PeriodPreview } from "@/lib/digest/preview";
import { getRequestedDigests } from "@/lib/digest/due";
import { ensureDigestDaysFetched } from "@/lib/digest/feed-check";
import { localDateIn, type DigestKind } from "@/lib/digest/periods";
import { findSubscriberByEmail } from "@/lib/digest/subscriber-queries";
import { SKIP_REASON_TEXT } from "@/lib/digest/select";
import { digestCliSchema } from "@/lib/digest/schemas";
import { getEnv } from "@/lib/env";
import { formatZodError } from "@/lib/errors";
import { closeMail, mailMode, outboxDir } from "@/lib/mail/transport";
import { createProgress } from "./progress";
import { runCli } from "./run";

const USAGE = `usage: npm run digest -- [--dry-run] [--period daily|weekly] [--date YYYY-MM-DD] [--to ADDRESS]
  --dry-run        say who would get what; send and record nothing
  --period KIND    only the daily or the weekly digest (default: both)
  --date DAY       the digest of that feed day (daily) or of its ISO week (weekly)
                   (default: the latest completed feed day, the last complete week)
  --to ADDRESS     only this subscriber (recorded like any delivery: sent once)`;

function parseFlags(argv: string[]): Record<string, unknown> {
  const { values } = parseArgs({
    args: argv,
    options: {
      "dry-run": { type: "boolean" },
      period: { type: "string" },
      date: { type: "string" },
      to: { type: "string" },
    },
  });
  const { "dry-run": dryRun, ...rest } = values;
  return { ...rest, ...(dryRun ? { dryRun } : {}) };
}

/** "no_keyword_match 3" -> "3: no paper matches their keywords" */
function formatReasons(byReason: Record<string, number>): string {
  return Object.entries(byReason)
    .map(([r, n]) => `${n}: ${(SKIP_REASON_TEXT as Record<string, string>)[r] ?? r}`)
    .join("; ");
}

function formatSummary(s: PeriodSummary, label: string): string {
  const reasons = formatReasons(s.skippedByReason);
  const rate = s.run.seconds > 0 ? Math.round(s.run.sent / s.run.seconds) : 0;
  return [
    `Digest ${s.period} (${label})`,
    `  subscribers  ${s.due}`,
    `  sent         ${s.sent}`,
    `  skipped      ${s.skipped}${reasons ? ` (${reasons})` : ""}`,
    `  failed       ${s.failed}`,
    ...(s.pending
      ? [`  pending      ${s.pending}${s.resumeAt ? ` (can move at ${s.resumeAt.toISOString()})` : ""}`]
      : []),
    `  this run     sent ${s.run.sent}, skipped ${s.run.skipped}, failed ${s.run.failed} (bounced ${s.run.bounced}), retried ${s.run.retried} in ${s.run.seconds.toFixed(1)} s, ${rate}/s`,
  ].join("\n");
}

function formatPreview(p: PeriodPreview, label: string): string {
  const reasons = formatReasons(p.wouldSkipByReason);
  const lines = [
    `Dry run of ${p.period} (${label}): nothing sent, nothing recorded`,
    `  due          ${p.due}`,
    `  would send   ${p.wouldSend}`,
    `  would skip   ${p.due - p.wouldSend}${reasons ? ` (${reasons})` : ""}`,
  ];
  if (p.sample)
    lines.push(
      "",
      `To: ${p.sample.to}`,
      `Subject: ${p.sample.subject}`,
      ...Object.entries(p.sample.headers).map(([k, v]) => `${k}: ${v}`),
      "",
      p.sample.text,
    );
  return lines.join("\n");
}

runCli(async (argv) => {
  if (argv.includes("--help") || argv.includes("-h")) return { code: 0, message: USAGE };
  let raw: Record<string, unknown>;
  try {
    raw = parseFlags(argv);
  } catch (error) {
    return { code: 2, message: `${(error as Error).message}\n${USAGE}` };
  }
  const parsed = digestCliSchema.safeParse(raw);
  if (!parsed.success) return { code: 2, message: `${formatZodError(parsed.error)}\n${USAGE}` };
  const flags = parsed.data;

  const database = await connectDatabase(console.error);
  const controller = new AbortController();
  const stop = () => {
    console.error("\nStopping: finishing the messages in flight, handing back the rest ...");
    controller.abort();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await applyMigrations(database.url);
    const env = getEnv();
    let kinds: DigestKind[] = flags.period ? [flags.period] : ["daily", "weekly"];
    let subscriberId: string | null = null;
    if (flags.to) {
      const subscriber = await findSubscriberByEmail(flags.to);
      if (!subscriber) return { code: 1, message: `error: ${flags.to} is not subscribed.` };
      if (subscriber.status !== "active")
        return {
          code: 1,
          message: `error: ${flags.to} is ${subscriber.status}; only active subscribers get the digest.`,
        };
      subscriberId = subscriber.id;
      if (!flags.period) kinds = [subscriber.frequency];
    }
    const now = new Date();
    const getDue = () => getRequestedDigests({ kinds, date: flags.date, timeZone: env.DIGEST_TIMEZONE, now });
    // Where the feed fills itself, "now" waits for its days to be fetched (fetching them first);
    // a digest named by --date is the operator's call.
    const checked =
      env.FETCH_CRON === "off" || flags.date
        ? { ready: await getDue(), held: [] }
        : await ensureDigestDaysFetched({
            getDue,
            asOf: localDateIn(now, env.DIGEST_TIMEZONE),
            retryAfterMs: 0,
            signal: controller.signal,
            log: (line) => console.error(`[digest] ${line}`),
          });
    const due = checked.ready;
    const out: string[] = checked.held.map(
      (h) => `Held ${h.period.key}: ${h.reason}. Run npm run fetch, or name the day with --date.`,
    );
    let ok = !checked.held.length;
    if (!due.length && ok) return { code: 0, message: "Nothing to send: the feed has no completed day yet." };

    for (const { period, cutoff } of due) {
      if (flags.dryRun) {
        out.push(formatPreview(await previewPeriod({ period, cutoff, subscriberId }), period.label));
        continue;
      }
      if (controller.signal.aborted) break;
      const progress = createProgress();
      const summary = await deliverPeriod({
        period,
        cutoff,
        subscriberId,
        reviveFailed: true,
        signal: controller.signal,
        onProgress: (c) =>
          progress.update(
            `${period.key}: sent ${c.sent} · skipped ${c.skipped} · failed ${c.failed} · to retry ${c.retried} · ${progress.rate(c.sent)}/s`,
          ),
        log: (line) => console.error(`[digest] ${line}`),
      });
      progress.done();
      console.log(formatSummary(summary, period.label));
      if (summary.failed || !summary.complete) ok = false;
    }
    if (!flags.dryRun && mailMode() === "outbox")
      out.push(`Mail went to the local outbox: ${outboxDir()} (no SMTP_URL).`);
    return { code: ok ? 0 : 1, message: out.join("\n\n") || undefined };
  } finally {
    await closeMail();
    await disconnectDb();
    await database.release();
  }
});
