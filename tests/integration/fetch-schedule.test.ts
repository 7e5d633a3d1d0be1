import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqlPool } from "@/lib/db";
import { runDueDigests } from "@/lib/digest/schedule";
import { resetEnvCache } from "@/lib/env";
import { startScheduler, type Scheduler } from "@/lib/jobs/scheduler";
import { closeMail } from "@/lib/mail/transport";
import { addDays, todayUtc } from "@/lib/papers/dates";
import { FETCH_QUEUE } from "@/lib/papers/fetch/schedule";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { addPapers, addSubscribers, deliveryRows } from "../helpers/digest";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { loadSampleDays, startUpstreamServer, type UpstreamServer } from "../helpers/upstream-server";

// The fetch on the scheduler, and the digest that waits for its day to be
// fetched. The replay server serves real sample days under today's dates.

let database: TestDatabase;
let sink: SmtpSink;
let upstream: UpstreamServer;
const schedulers: Scheduler[] = [];
const today = todayUtc();
const yesterday = addDays(today, -1);
const ENV_KEYS = [
  "SMTP_URL",
  "SMTP_RATE_PER_SECOND",
  "DIGEST_CRON",
  "DIGEST_TIMEZONE",
  "FETCH_CRON",
  "FETCH_RETRY_DELAY_SECONDS",
  "FETCH_MAX_ATTEMPTS",
  "FETCH_RATE_PER_SECOND",
  "PAPERS_UPSTREAM_URL",
];

function setEnv(values: Record<string, string>) {
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(
    process.env,
    {
      SMTP_URL: sink.url,
      SMTP_RATE_PER_SECOND: "1000",
      PAPERS_UPSTREAM_URL: upstream.url,
      FETCH_RETRY_DELAY_SECONDS: "0.02",
      FETCH_MAX_ATTEMPTS: "2",
      FETCH_RATE_PER_SECOND: "100",
    },
    values,
  );
  resetEnvCache();
}

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  const sample = loadSampleDays();
  upstream = await startUpstreamServer({
    days: new Map([
      [yesterday, sample.get("2026-03-31")!],
      [today, sample.get("2026-03-30")!],
    ]),
  });
});
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  await closeMail();
});
afterAll(async () => {
  await upstream.close();
  await sink.stop({ abrupt: true });
  await database.drop();
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.FETCH_CRON = "off";
  process.env.PAPERS_UPSTREAM_URL = "http://127.0.0.1:9";
  resetEnvCache();
});
beforeEach(async () => {
  await sqlPool().query(
    "TRUNCATE subscribers, digest_deliveries, delivered_papers, papers, fetch_runs CASCADE",
  );
  await sqlPool()
    .query("DELETE FROM pgboss.job")
    .catch(() => {});
  sink.messages.length = 0;
  upstream.setDown(false);
  upstream.requests.length = 0;
});

const silent = () => {};

async function papersOn(day: string): Promise<number> {
  const { rows } = await sqlPool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM papers WHERE feed_date = $1::date",
    [day],
  );
  return rows[0]!.n;
}

describe("the scheduled fetch", () => {
  it("fetches today and the days before it by itself once an instance starts, and registers its cron", async () => {
    setEnv({ FETCH_CRON: "17 * * * *", DIGEST_CRON: "0 8 * * *" });
    schedulers.push(await startScheduler({ log: silent }));
    await expect
      .poll(
        async () => (await sqlPool().query("SELECT 1 FROM fetch_runs WHERE status = 'succeeded'")).rowCount,
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    expect(await papersOn(today)).toBe(upstream.days.get(today)!.length);
    expect(await papersOn(yesterday)).toBe(upstream.days.get(yesterday)!.length);
    const { rows } = await sqlPool().query<{ trigger: string; days_asked: number }>(
      "SELECT trigger, days_asked FROM fetch_runs",
    );
    expect(rows).toEqual([{ trigger: "schedule", days_asked: 8 }]);
    const schedule = await sqlPool().query<{ cron: string; timezone: string }>(
      "SELECT cron, timezone FROM pgboss.schedule WHERE name = $1",
      [FETCH_QUEUE],
    );
    expect(schedule.rows).toEqual([{ cron: "17 * * * *", timezone: "UTC" }]);
  });

  it("with two instances, fetches once; offline, fails politely and is recorded", async () => {
    setEnv({ FETCH_CRON: "17 * * * *", DIGEST_CRON: "0 8 * * *" });
    upstream.setDown(true);
    const lines: string[] = [];
    schedulers.push(
      ...(await Promise.all([
        startScheduler({ log: (l) => lines.push(l) }),
        startScheduler({ log: (l) => lines.push(l) }),
      ])),
    );
    await expect
      .poll(
        async () => (await sqlPool().query("SELECT 1 FROM fetch_runs WHERE status = 'failed'")).rowCount,
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    await sleep(1_500); // a second run would show by now
    expect((await sqlPool().query("SELECT 1 FROM fetch_runs")).rowCount).toBe(1);
    expect(lines.find((l) => l.startsWith("[fetch] 8 days"))).toMatch(
      /failed 8 .*could not reach the server.*tried again at the next tick/,
    );
  });
});

describe("a digest and the fetch", () => {
  it("holds a day that was never fetched, fetches it first, and sends it once it has arrived", async () => {
    // The tick was an hour ago; yesterday's papers were imported by hand, never fetched.
    const tick = new Date(Date.now() - 3_600_000);
    setEnv({ FETCH_CRON: "17 * * * *", DIGEST_CRON: `${tick.getUTCMinutes()} ${tick.getUTCHours()} * * *` });
    await addPapers(yesterday, [{ id: "2601.00001", upvotes: 10 }]);
    const [reader] = await addSubscribers({ prefix: "reader", count: 1 });

    upstream.setDown(true);
    const lines: string[] = [];
    const held = await runDueDigests({ now: new Date(), fetchRetryAfterMs: 0, log: (l) => lines.push(l) });
    expect(held.map((s) => s.period)).not.toContain(`daily:${yesterday}`);
    expect(sink.messages).toHaveLength(0);
    expect(lines.join("\n")).toMatch(
      new RegExp(`daily:${yesterday} held: not fetched since the day ended: .*${yesterday}`),
    );
    expect((await sqlPool().query("SELECT 1 FROM fetch_runs WHERE trigger = 'digest'")).rowCount).toBe(1);

    // Within the polite window after a failed fetch, it does not ask again.
    await runDueDigests({ now: new Date(), log: silent });
    expect((await sqlPool().query("SELECT 1 FROM fetch_runs")).rowCount).toBe(1);

    upstream.setDown(false);
    const sent = await runDueDigests({ now: new Date(), fetchRetryAfterMs: 0, log: silent });
    expect(sent.map((s) => s.period)).toContain(`daily:${yesterday}`);
    expect(sink.messages.map((m) => m.to[0])).toEqual([reader]);
    // The digest lists the fetched day: its top paper, not the one imported by hand.
    const top = (upstream.days.get(yesterday) as { paper: { title: string; upvotes: number } }[]).toSorted(
      (a, b) => b.paper.upvotes - a.paper.upvotes,
    )[0]!;
    expect(sink.messages[0]!.parsed.subject).toContain(top.paper.title.slice(0, 30));
    expect((await deliveryRows(`daily:${yesterday}`)).map((r) => r.status)).toEqual(["sent"]);
  });
});
