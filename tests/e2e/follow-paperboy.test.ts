import { execFile } from "node:child_process";
import crypto from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// One Paperboy follows another: instance B fetches the sample's days from
// instance A's /api/daily_papers (the Daily Papers API, as Paperboy serves
// it) and then shows the same days. Then what B's readers and admins see of
// the fetch: "Updated ..." under the day's heading, and the status page.

const run = promisify(execFile);
const a = inject("baseUrl");
let database: TestDatabase;
let b: AppServer;
let cliOutput = "";

async function sessionCookieFor(email: string): Promise<string> {
  const user = await db().user.create({ data: { email, name: email.split("@")[0]! } });
  const token = crypto.randomBytes(24).toString("hex");
  await db().session.create({
    data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 86_400_000) },
  });
  return `next-auth.session-token=${token}`;
}

beforeAll(async () => {
  database = await createTestDatabase("paperboy_e2e_follow");
  const result = await run(
    "node",
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "lib/cli/fetch.ts",
      "--from",
      "2026-01-07",
      "--to",
      "2026-03-31",
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PAPERS_UPSTREAM_URL: a,
        FETCH_RATE_PER_SECOND: "50",
      },
    },
  );
  cliOutput = result.stdout + result.stderr;
  b = await startAppServer({ DATABASE_URL: database.url, ADMIN_EMAILS: "admin@example.org" });
});
afterAll(async () => {
  await b?.stop();
  await disconnectDb();
  await database?.drop();
});

const days = async (base: string): Promise<string[]> => {
  const html = await (await fetch(`${base}/papers/month/2026-03`)).text();
  return [
    ...new Set([...html.matchAll(/href="\/papers\/date\/(2026-\d\d-\d\d)"/g)].map((m) => m[1]!)),
  ].sort();
};

describe("a Paperboy that follows another", () => {
  it("fetches every day of the other's feed and serves them as the other does", async () => {
    expect(cliOutput).toMatch(/days\s+asked 84, fetched 60, empty 24, failed 0/);
    const dates = await days(a);
    expect(dates.length).toBeGreaterThan(15);
    expect(await days(b.url)).toEqual(dates);
    for (const date of dates) {
      const [fromA, fromB] = await Promise.all(
        [a, b.url].map(async (base) =>
          (await fetch(`${base}/api/daily_papers?date=${date}&limit=100`)).json(),
        ),
      );
      expect(fromB, date).toEqual(fromA);
    }
    const titles = async (base: string) =>
      [
        ...(await (await fetch(`${base}/papers/date/2026-03-31`)).text()).matchAll(
          /data-paper-link="true">([^<]+)</g,
        ),
      ].map((m) => m[1]);
    expect(await titles(b.url)).toEqual(await titles(a));
  });

  it("tells readers when the day was last fetched, and the imported feed says nothing of the kind", async () => {
    const html = await (await fetch(`${b.url}/papers/date/2026-03-31`)).text();
    expect(html).toMatch(
      /<time [^>]*title="Fetched [^"]+ UTC"[^>]*data-updated-at[^>]*>Updated (<!-- -->)?\w{3} \d+, 20\d\d/,
    );
    expect(await (await fetch(`${a}/papers/date/2026-03-31`)).text()).not.toContain("data-updated-at");
  });

  it("shows admins the fetch runs on /admin, and nobody else", async () => {
    const admin = await sessionCookieFor("admin@example.org");
    const reader = await sessionCookieFor("reader@example.org");
    const page = await fetch(`${b.url}/admin`, { headers: { cookie: admin } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Fetch runs");
    expect(html).toMatch(/succeeded/);
    expect(html).toContain("2026-01-07 – 2026-03-31");
    expect(html.includes(`>${a}</span>`), "the run's upstream").toBe(true);
    expect((await fetch(`${b.url}/admin`, { headers: { cookie: reader } })).status).toBe(404);
    const anonymous = await fetch(`${b.url}/admin`, { redirect: "manual" });
    expect([303, 307, 308]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toMatch(
      /\/signin\?callbackUrl=%2Fadmin|\/signin\?callbackUrl=\/admin/,
    );
  });
});
