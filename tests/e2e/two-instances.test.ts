import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { disconnectDb } from "@/lib/db";
import { importFiles } from "@/lib/papers/import/import-files";
import { setPaperHidden } from "@/lib/papers/moderation-queries";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// Two app instances on two ports, one database, as behind a load balancer:
// what changes through one process shows in both, feed and search.

let database: TestDatabase;
let a: AppServer;
let b: AppServer;
let tmp: string;

// In beforeAll, where expect.poll is not allowed.
async function searchReady(server: AppServer) {
  const status = async () =>
    ((await (await fetch(`${server.url}/api/search/status`)).json()) as { status: string }).status;
  await vi.waitFor(async () => expect(await status(), "search did not warm").toBe("ready"), {
    timeout: 60_000,
    interval: 200,
  });
}

/** Milliseconds until `check` holds. */
async function waitFor(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<number> {
  const started = Date.now();
  await expect.poll(check, { message: `timed out: ${what}`, timeout: ms, interval: 100 }).toBe(true);
  return Date.now() - started;
}

beforeAll(async () => {
  database = await createTestDatabase("paperboy_e2e_two");
  await importFiles(["tests/fixtures/hf"]);
  [a, b] = await Promise.all([
    startAppServer({ DATABASE_URL: database.url }),
    startAppServer({ DATABASE_URL: database.url }),
  ]);
  await Promise.all([searchReady(a), searchReady(b)]);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-two-"));
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await disconnectDb();
  await database?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

const inFeed = (server: AppServer, id: string) =>
  fetch(`${server.url}/papers/date/2025-10-03`)
    .then((r) => r.text())
    .then((html) => html.includes(`data-paper-id="${id}"`));
const inSearch = (server: AppServer, q: string, id: string) =>
  fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`)
    .then((r) => r.json() as Promise<{ results: { id: string }[] }>)
    .then((body) => body.results.some((r) => r.id === id));

describe("two app instances on one database", () => {
  it("both show a newly imported paper in the feed at once and in search within seconds", async () => {
    // Warm both page caches first, so a stale cache would show.
    await Promise.all([inFeed(a, "2510.77777"), inFeed(b, "2510.77777")]);
    const file = path.join(tmp, "new.jsonl");
    await fs.writeFile(
      file,
      JSON.stringify({
        id: "2510.77777",
        title: "Quokka photosynthesis transformers",
        abstract: "A paper only this test knows.",
        authorCount: 1,
        organization: null,
        date: "2025-10-03",
        upvotes: 2,
        authors: ["T. Est"],
      }) + "\n",
    );
    await importFiles([file]);
    expect(await inFeed(a, "2510.77777")).toBe(true);
    expect(await inFeed(b, "2510.77777")).toBe(true);
    const ms = Math.max(
      await waitFor("search on A", () => inSearch(a, "quokka photosynthesis", "2510.77777")),
      await waitFor("search on B", () => inSearch(b, "quokka photosynthesis", "2510.77777")),
    );
    expect(ms).toBeLessThan(10_000);
  });

  it("both drop a hidden paper from the feed at once and from search within seconds", async () => {
    await setPaperHidden("2510.77777", true);
    expect(await inFeed(a, "2510.77777")).toBe(false);
    expect(await inFeed(b, "2510.77777")).toBe(false);
    await waitFor("hidden on A", async () => !(await inSearch(a, "quokka photosynthesis", "2510.77777")));
    await waitFor("hidden on B", async () => !(await inSearch(b, "quokka photosynthesis", "2510.77777")));
  });
});
