import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqlPool } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import type { IsoDate } from "@/lib/papers/dates";
import { daysBetween, fetchFeed } from "@/lib/papers/fetch/fetch-feed";
import { listRecentFetchRuns } from "@/lib/papers/fetch/queries";
import { importFiles } from "@/lib/papers/import/import-files";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startUpstreamServer, type UpstreamServer } from "../helpers/upstream-server";

// The fetcher against a local server replaying the sample's real Daily Papers
// days, with faults injected: what it stores must be what importing the same
// files stores, in one run despite transient faults.

const run = promisify(execFile);
let database: TestDatabase;
let upstream: UpstreamServer;
const SAMPLE_FIRST = "2026-01-07" as IsoDate;
const SAMPLE_LAST = "2026-03-31" as IsoDate;

const settings = {
  FETCH_RATE_PER_SECOND: "100",
  FETCH_TIMEOUT_SECONDS: "0.5",
  FETCH_RETRY_DELAY_SECONDS: "0.02",
  FETCH_MAX_ATTEMPTS: "4",
  APP_URL: "https://papers.example.org",
};

beforeAll(async () => {
  database = await createTestDatabase();
  upstream = await startUpstreamServer();
  Object.assign(process.env, settings, { PAPERS_UPSTREAM_URL: upstream.url });
  resetEnvCache();
});
afterAll(async () => {
  await upstream.close();
  await database.drop();
  for (const key of [...Object.keys(settings), "PAPERS_UPSTREAM_URL"]) delete process.env[key];
  process.env.PAPERS_UPSTREAM_URL = "http://127.0.0.1:9";
  resetEnvCache();
});
beforeEach(async () => {
  upstream.clearFaults();
  upstream.setDown(false);
  upstream.requests.length = 0;
  await sqlPool().query("TRUNCATE papers, fetch_runs CASCADE");
});

/** Every stored field of every paper, in a stable order. */
async function storedPapers(): Promise<unknown[]> {
  const { rows } = await sqlPool().query(
    `SELECT id, title, abstract, author_count, authors, org_handle, org_name, feed_date::text, feed_added_at,
            published_at, source_upvotes, upvotes, github_repo, github_stars, project_page, ai_summary,
            ai_keywords, submitter_handle, submitter_name, num_comments, discussion_id
     FROM papers ORDER BY id`,
  );
  return rows;
}

describe("npm run fetch against a server replaying real days", () => {
  it("fills every day exactly as importing the same files does, through transient faults, in one run", async () => {
    await importFiles(["prisma/sample"]);
    const imported = await storedPapers();
    expect(imported.length).toBeGreaterThan(900);
    await sqlPool().query("TRUNCATE papers CASCADE");

    const days = [...upstream.days.keys()];
    const faults = [
      { date: days[1], fault: { kind: "status", status: 500 } },
      { date: days[3], fault: { kind: "status", status: 503 } },
      { date: days[5], fault: { kind: "rate-limited", retryAfterSeconds: 1 } },
      { date: days[7], fault: { kind: "cut-body" } },
      { date: days[9], fault: { kind: "hang" } },
      { date: days[11], fault: { kind: "html" } },
      { date: days[13], fault: { kind: "drop-connection" } },
    ] as const;
    for (const f of faults) upstream.inject({ api: "daily", date: f.date, fault: f.fault, times: 1 });

    const summary = await fetchFeed({
      days: daysBetween(SAMPLE_FIRST, SAMPLE_LAST),
      trigger: "cli",
      ifLocked: "wait",
    });
    expect(summary.counts).toMatchObject({ daysFailed: 0, daysFetched: upstream.days.size, invalid: 0 });
    expect(summary.counts.daysEmpty).toBe(daysBetween(SAMPLE_FIRST, SAMPLE_LAST).length - upstream.days.size);
    expect(summary.counts.inserted).toBe(imported.length);
    for (const f of faults) expect(summary.days.find((d) => d.date === f.date)?.attempts).toBe(2);
    expect(await storedPapers()).toEqual(imported);

    // Retry-After: 1 was waited for.
    const asked = upstream.requests.filter((r) => r.url.includes(`date=${days[5]}`)).map((r) => r.at);
    expect(asked).toHaveLength(2);
    expect(asked[1]! - asked[0]!).toBeGreaterThanOrEqual(950);

    // Again: nothing changes, and the run is recorded.
    const again = await fetchFeed({
      days: daysBetween(SAMPLE_FIRST, SAMPLE_LAST),
      trigger: "cli",
      ifLocked: "wait",
    });
    expect(again.counts).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: imported.length,
      daysFailed: 0,
    });
    const [latest] = await listRecentFetchRuns(1);
    expect(latest).toMatchObject({ status: "succeeded", trigger: "cli", upstream: upstream.url });
  });

  it("asks politely: names Paperboy and APP_URL, pages with limit=100 from p=0, keeps to the rate", async () => {
    process.env.FETCH_RATE_PER_SECOND = "5";
    resetEnvCache();
    try {
      await fetchFeed({
        days: daysBetween("2026-03-23" as IsoDate, "2026-03-26" as IsoDate),
        trigger: "cli",
        ifLocked: "wait",
      });
    } finally {
      process.env.FETCH_RATE_PER_SECOND = settings.FETCH_RATE_PER_SECOND;
      resetEnvCache();
    }
    expect(upstream.requests.map((r) => r.url)).toEqual(
      ["2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26"].map(
        (d) => `/api/daily_papers?date=${d}&limit=100&p=0`,
      ),
    );
    for (const r of upstream.requests)
      expect(r.userAgent).toMatch(/^Paperboy\/[\d.]+ \(\+https:\/\/papers\.example\.org/);
    const gaps = upstream.requests.slice(1).map((r, i) => r.at - upstream.requests[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(190);
  });

  it("applies a day only when all its pages arrived; a failed day is recorded and the others land", async () => {
    const day = "2026-03-31";
    const other = "2026-03-30";
    // Pages of 10: the 3rd page of the day never comes.
    upstream.inject({
      api: "daily",
      date: day,
      page: 2,
      fault: { kind: "status", status: 502 },
      times: Infinity,
    });
    const summary = await fetchFeed({
      days: [other, day] as IsoDate[],
      trigger: "cli",
      ifLocked: "wait",
      pageSize: 10,
    });
    expect(summary.counts).toMatchObject({ daysFetched: 1, daysFailed: 1 });
    const { rows } = await sqlPool().query<{ date: string; n: number }>(
      "SELECT feed_date::text AS date, count(*)::int AS n FROM papers GROUP BY 1",
    );
    expect(rows).toEqual([{ date: other, n: upstream.days.get(other)!.length }]);
    expect(summary.days.find((d) => d.date === day)).toMatchObject({
      status: "failed",
      reason: expect.stringMatching(/HTTP 502 \(after 4 attempts\)/),
    });
    const [latest] = await listRecentFetchRuns(1);
    expect(latest).toMatchObject({
      status: "partial",
      failedDays: [{ date: day, reason: expect.stringMatching(/502/) }],
    });

    // The next run gets the whole day.
    upstream.clearFaults();
    const next = await fetchFeed({
      days: [day] as IsoDate[],
      trigger: "cli",
      ifLocked: "wait",
      pageSize: 10,
    });
    expect(next.counts).toMatchObject({ daysFetched: 1, inserted: upstream.days.get(day)!.length });
    expect(next.days[0]!.pages).toBe(Math.floor(upstream.days.get(day)!.length / 10) + 1);
  });

  it("gives up on an answer over the cap at once, counts entries that fail validation, and lands the rest", async () => {
    process.env.FETCH_MAX_RESPONSE_MB = "0.5";
    resetEnvCache();
    try {
      upstream.inject({
        api: "daily",
        date: "2026-03-30",
        fault: { kind: "oversized", bytes: 2_000_000 },
        times: Infinity,
      });
      upstream.inject({
        api: "daily",
        date: "2026-03-31",
        fault: { kind: "invalid-entries", count: 2 },
        times: 1,
      });
      const summary = await fetchFeed({
        days: ["2026-03-30", "2026-03-31"] as IsoDate[],
        trigger: "cli",
        ifLocked: "wait",
      });
      expect(summary.days[0]).toMatchObject({
        status: "failed",
        attempts: 1,
        reason: "the response is larger than 1 MB",
      });
      expect(summary.counts).toMatchObject({ invalid: 2, inserted: upstream.days.get("2026-03-31")!.length });
      expect(summary.imported.invalidRecords[0]).toMatchObject({
        file: "2026-03-31",
        reason: expect.stringMatching(/arXiv id/),
      });
    } finally {
      delete process.env.FETCH_MAX_RESPONSE_MB;
      resetEnvCache();
    }
  });

  it("runs one at a time: a second run that may not wait is skipped", async () => {
    upstream.inject({ api: "daily", fault: { kind: "rate-limited", retryAfterSeconds: 1 }, times: 1 });
    const first = fetchFeed({ days: ["2026-03-31"] as IsoDate[], trigger: "cli", ifLocked: "wait" });
    await expect.poll(() => upstream.requests.length).toBeGreaterThan(0);
    const second = await fetchFeed({
      days: ["2026-03-31"] as IsoDate[],
      trigger: "schedule",
      ifLocked: "skip",
    });
    expect(second.skipped).toBe(true);
    expect((await first).counts.daysFetched).toBe(1);
  });

  it("CLI: the upstream down for the whole run fails every day, names them, records the run, and exits 1", async () => {
    upstream.setDown(true);
    const env = { ...process.env, DATABASE_URL: database.url };
    const result = await run(
      "node",
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "lib/cli/fetch.ts",
        "--from",
        "2026-03-30",
        "--to",
        "2026-03-31",
      ],
      { env },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect("code" in result ? result.code : 0).toBe(1);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/days\s+asked 2, fetched 0, empty 0, failed 2/);
    expect(output).toMatch(/2026-03-30: could not reach the server .* \(after 4 attempts\)/);
    expect(output).toMatch(/2026-03-31: not asked: the server could not be reached earlier in this run/);
    expect(output).not.toMatch(/\n\s+at /);

    const status = await run(
      "node",
      ["--conditions=react-server", "--import", "tsx", "lib/cli/fetch.ts", "--status"],
      { env },
    );
    expect(status.stdout).toMatch(/failed\s+cli\s+2026-03-30\.\.2026-03-31/);
    expect(status.stdout).toMatch(/2026-03-31: not asked/);

    const bad = await run(
      "node",
      ["--conditions=react-server", "--import", "tsx", "lib/cli/fetch.ts", "--from", "2026-02-30"],
      {
        env,
      },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect("code" in bad && bad.code).toBe(2);
    expect(bad.stderr).toMatch(/from: "2026-02-30" is not a calendar day/);
  });
});
