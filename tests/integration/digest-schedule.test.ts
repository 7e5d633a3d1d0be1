import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqlPool } from "@/lib/db";
import { lastCompletedWeek } from "@/lib/digest/periods";
import { DIGEST_QUEUE } from "@/lib/digest/schedule";
import { startScheduler, type Scheduler } from "@/lib/jobs/scheduler";
import { resetEnvCache } from "@/lib/env";
import { closeMail } from "@/lib/mail/transport";
import { addDays, isoDateFromUtc } from "@/lib/papers/dates";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { addPapers, addSubscribers, countByAddress, deliveryRows } from "../helpers/digest";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// The scheduler on pg-boss, on the real clock: a tick that passed while no
// instance ran goes out soon after one starts, and a run never outlives its
// job's expiry.

let database: TestDatabase;
let sink: SmtpSink;
const schedulers: Scheduler[] = [];
const ENV_KEYS = [
  "SMTP_URL",
  "SMTP_RATE_PER_SECOND",
  "DIGEST_CRON",
  "DIGEST_TIMEZONE",
  "DIGEST_JOB_EXPIRE_SECONDS",
  "DIGEST_BATCH_SIZE",
  "DIGEST_CONCURRENCY",
  "DIGEST_LEASE_SECONDS",
];

function setEnv(values: Record<string, string>) {
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, { SMTP_URL: sink.url }, values);
  resetEnvCache();
}

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
});

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  await closeMail();
});

afterAll(async () => {
  await sink.stop({ abrupt: true });
  await database.drop();
  for (const key of ENV_KEYS) delete process.env[key];
  resetEnvCache();
});

beforeEach(async () => {
  await sqlPool().query("TRUNCATE subscribers, digest_deliveries, delivered_papers, papers CASCADE");
  await sqlPool()
    .query("DELETE FROM pgboss.job")
    .catch(() => {});
  sink.messages.length = 0;
});

const silent = () => {};

describe("a schedule missed while no instance ran", () => {
  it("goes out soon after an instance starts: the daily and the weekly digest, once each, even with two instances", async () => {
    // The tick was two hours ago, and nothing was running then.
    const tick = new Date(Date.now() - 2 * 3_600_000);
    const tickDate = isoDateFromUtc(tick);
    const day = addDays(tickDate, -1);
    const week = lastCompletedWeek(tickDate);
    await addPapers(day, [
      { id: "2601.00001", upvotes: 10 },
      { id: "2601.00002", upvotes: 20 },
    ]);
    await addPapers(week.start, [{ id: "2601.00003", upvotes: 30 }]);
    const daily = await addSubscribers({ prefix: "daily", count: 20 });
    const weekly = await addSubscribers({ prefix: "weekly", count: 10, frequency: "weekly" });
    setEnv({
      DIGEST_CRON: `${tick.getUTCMinutes()} ${tick.getUTCHours()} * * *`,
      DIGEST_TIMEZONE: "UTC",
      SMTP_RATE_PER_SECOND: "1000",
    });

    schedulers.push(
      ...(await Promise.all([startScheduler({ log: silent }), startScheduler({ log: silent })])),
    );
    await sink.waitFor(30, 30_000);
    await sleep(1_000); // anything extra would show up by now

    const counts = countByAddress(sink.messages);
    expect(sink.messages).toHaveLength(30);
    for (const address of [...daily, ...weekly]) expect(counts.get(address), address).toBe(1);
    expect((await deliveryRows(`daily:${day}`)).map((r) => r.email)).toEqual(daily);
    expect((await deliveryRows(week.key)).map((r) => r.email)).toEqual(weekly);
    expect(sink.to(weekly[0]!)[0]!.parsed.subject).toMatch(
      /^Weekly Papers, Week \d+, \d{4}: Paper 2601\.00003$/,
    );

    // The cron itself is registered with pg-boss, in the configured zone.
    const { rows } = await sqlPool().query<{ cron: string; timezone: string }>(
      `SELECT cron, timezone FROM pgboss.schedule WHERE name = $1`,
      [DIGEST_QUEUE],
    );
    expect(rows).toEqual([{ cron: `${tick.getUTCMinutes()} ${tick.getUTCHours()} * * *`, timezone: "UTC" }]);
  });

  it("a subscriber who confirmed after the tick waits for the next period", async () => {
    const tick = new Date(Date.now() - 2 * 3_600_000);
    const day = addDays(isoDateFromUtc(tick), -1);
    await addPapers(day, [{ id: "2601.00001", upvotes: 10 }]);
    const [early] = await addSubscribers({ prefix: "early", count: 1 });
    const [late] = await addSubscribers({
      prefix: "late",
      count: 1,
      confirmedAt: new Date(Date.now() - 3_600_000),
    });
    setEnv({ DIGEST_CRON: `${tick.getUTCMinutes()} ${tick.getUTCHours()} * * *`, DIGEST_TIMEZONE: "UTC" });
    schedulers.push(await startScheduler({ log: silent }));
    await sink.waitFor(1, 20_000);
    await sleep(1_500);
    expect(sink.messages.map((m) => m.to[0])).toEqual([early]);
    expect(sink.to(late!)).toHaveLength(0);
  });
});

describe("a run longer than its job's expiry", () => {
  it("stops claiming before the expiry and continues in a new job: no job fails by timeout, nobody gets two", async () => {
    const yesterday = addDays(isoDateFromUtc(new Date()), -1);
    await addPapers(yesterday, [{ id: "2601.00001", upvotes: 10 }]);
    const addresses = await addSubscribers({ prefix: "slow", count: 150 });
    // Every minute (so the due day is yesterday), 30 messages a second: 5 s of
    // sending against a 5 s expiry, which leaves 3.75 s a job.
    setEnv({
      DIGEST_CRON: "* * * * *",
      DIGEST_TIMEZONE: "UTC",
      SMTP_RATE_PER_SECOND: "30",
      DIGEST_JOB_EXPIRE_SECONDS: "5",
      DIGEST_BATCH_SIZE: "10",
      DIGEST_CONCURRENCY: "3",
      DIGEST_LEASE_SECONDS: "30",
    });
    const lines: string[] = [];
    schedulers.push(await startScheduler({ log: (line) => lines.push(line) }));
    // Subscribed a week ago: the start-up sweep sends at once.
    await sink.waitFor(150, 60_000);
    await sleep(1_000);

    const counts = countByAddress(sink.messages);
    expect(sink.messages).toHaveLength(150);
    for (const address of addresses) expect(counts.get(address), address).toBe(1);
    expect(
      lines.some((l) => /continuing daily:\S+ in a new job/.test(l)),
      lines.join("\n"),
    ).toBe(true);
    const { rows } = await sqlPool().query<{
      state: string;
      output: { value?: { message?: string } } | null;
      reason: string;
    }>(
      `SELECT state::text, output, data->>'reason' AS reason FROM pgboss.job WHERE name = $1 ORDER BY created_on`,
      [DIGEST_QUEUE],
    );
    expect(
      rows.filter((r) => r.state === "failed"),
      JSON.stringify(rows),
    ).toEqual([]);
    expect(
      rows.filter((r) => r.reason === "continue" && r.state === "completed").length,
    ).toBeGreaterThanOrEqual(1);
  }, 150_000);
});
