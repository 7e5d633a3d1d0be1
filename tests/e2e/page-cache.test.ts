import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { importFiles } from "@/lib/papers/import/import-files";
import { setPaperHidden } from "@/lib/papers/moderation-queries";
import { setVote } from "@/lib/papers/vote-queries";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// Every reader, signed in or not, is served from the page cache; a vote, an
// import or a hidden paper must show on the very next request.

let database: TestDatabase;
let server: AppServer;
let tmp: string;
const DAY = "/papers/date/2025-10-03";

beforeAll(async () => {
  database = await createTestDatabase("paperboy_e2e_cache");
  await importFiles(["tests/fixtures/hf"]);
  server = await startAppServer({ DATABASE_URL: database.url });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-cache-"));
});
afterAll(async () => {
  await server?.stop();
  await disconnectDb();
  await database?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + url, { headers });
  return { cache: res.headers.get("x-paperboy-cache"), html: await res.text() };
}
const countOf = (html: string, id: string) =>
  Number(
    new RegExp(`data-upvote="${id.replace(".", "\\.")}"[^>]*>.*?data-upvote-count="true">(\\d+)<`, "s").exec(
      html,
    )?.[1],
  );

describe("the page cache", () => {
  it("serves a repeated request from memory", async () => {
    const first = await get(DAY);
    const second = await get(DAY);
    expect(first.cache).toBe("miss");
    expect(second.cache).toBe("hit");
    expect(second.html).toBe(first.html);
  });

  it("shows a vote on the next request", async () => {
    const before = countOf((await get(DAY)).html, "2510.02283");
    const reader = await db().user.create({ data: { email: "cache-reader@example.org" } });
    await setVote(reader.id, "2510.02283", true);
    const after = await get(DAY);
    expect(after.cache).toBe("miss");
    expect(countOf(after.html, "2510.02283")).toBe(before + 1);
  });

  it("shows an import on the next request", async () => {
    await get(DAY);
    const file = path.join(tmp, "more.jsonl");
    await fs.writeFile(
      file,
      JSON.stringify({
        id: "2510.99999",
        title: "A paper imported while cached",
        abstract: "Fresh.",
        authorCount: 1,
        organization: null,
        date: "2025-10-03",
        upvotes: 3,
        authors: ["X"],
      }) + "\n",
    );
    await importFiles([file]);
    expect((await get(DAY)).html).toContain("A paper imported while cached");
  });

  it("drops a hidden paper on the next request, in the feed, the API and the paper page", async () => {
    await get(DAY);
    await get("/api/daily_papers?date=2025-10-03");
    await get("/papers/2510.00446");
    await setPaperHidden("2510.00446", true);
    expect((await get(DAY)).html).not.toContain('data-paper-id="2510.00446"');
    expect((await get("/api/daily_papers?date=2025-10-03")).html).not.toContain("2510.00446");
    expect((await fetch(`${server.url}/papers/2510.00446`)).status).toBe(404);
  });

  it("caches search answers, and a paper imported elsewhere shows once this server's index has it", async () => {
    const url = "/api/search?q=wombat";
    const ready = async () =>
      (await fetch(`${server.url}/api/search/status`).then((r) => r.json() as Promise<{ status: string }>))
        .status === "ready";
    await expect.poll(ready, { timeout: 30_000, interval: 200 }).toBe(true);
    const first = await get(url);
    expect(JSON.parse(first.html)).toMatchObject({ status: "ready", total: 0 });
    expect((await get(url)).cache).toBe("hit");
    // Imported by this test process, not the server: the server's index learns of it from its poll, a moment after the feed's version moved.
    const file = path.join(tmp, "wombat.jsonl");
    await fs.writeFile(
      file,
      JSON.stringify({
        id: "2510.99998",
        title: "Wombat burrows as a benchmark",
        abstract: "Marsupial.",
        authorCount: 1,
        organization: null,
        date: "2025-10-03",
        upvotes: 1,
        authors: ["Y"],
      }) + "\n",
    );
    await importFiles([file]);
    const found = async () =>
      (JSON.parse((await get(url)).html) as { results: { id: string }[] }).results.map((r) => r.id);
    await expect.poll(found, { timeout: 15_000, interval: 100 }).toEqual(["2510.99998"]);
    expect((await get(url)).cache).toBe("hit");
  });

  it("serves a reader with a session cookie, even a bogus one, from the cache: the page is the same for all", async () => {
    const signedOut = await get(DAY);
    const page = await get(DAY, { Cookie: "next-auth.session-token=whatever" });
    expect(page.cache).toBe("hit");
    expect(page.html).toBe(signedOut.html);
  });

  it("gives shared pages an ETag and no-cache instead of no-store, and answers a current copy with 304", async () => {
    const first = await fetch(server.url + DAY);
    await first.text();
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    // Back and Forward may keep the page; the browser asks again before reusing it.
    expect(first.headers.get("cache-control")).toBe("no-cache");

    const again = await fetch(server.url + DAY, { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);

    // A vote makes a new version: the old copy is not current any more.
    const reader = await db().user.create({ data: { email: "etag-reader@example.org" } });
    await setVote(reader.id, "2510.02283", true);
    const changed = await fetch(server.url + DAY, { headers: { "If-None-Match": etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    await changed.text();
  });

  it("answers a copy of the current version with 304 in another instance too, without rendering, with a session cookie too", async () => {
    const url = "/papers/week/2025-W40";
    const first = await fetch(server.url + url);
    await first.text();
    const etag = first.headers.get("etag")!;
    // Another instance of the same build on the same database: it has not rendered this page yet.
    const other = await startAppServer({ DATABASE_URL: database.url, DIGEST_WORKER: "off" });
    try {
      const there = await fetch(other.url + url, { headers: { "If-None-Match": etag } });
      expect(there.status).toBe(304);
      expect(there.headers.get("x-paperboy-cache")).toBe("hit");
      const signedIn = await fetch(other.url + url, {
        headers: { "If-None-Match": etag, Cookie: "next-auth.session-token=whatever" },
      });
      expect(signedIn.status).toBe(304);
      await signedIn.text();
    } finally {
      await other.stop();
    }
  });

  it("gives the RSS feed Last-Modified from its lastBuildDate and answers If-Modified-Since with 304", async () => {
    const first = await fetch(server.url + "/feed.xml");
    const xml = await first.text();
    const lastModified = first.headers.get("last-modified");
    expect(lastModified).toBe(/<lastBuildDate>([^<]+)<\/lastBuildDate>/.exec(xml)?.[1]);
    expect(first.headers.get("etag")).toBeTruthy();
    const polled = await fetch(server.url + "/feed.xml", { headers: { "If-Modified-Since": lastModified! } });
    expect(polled.status).toBe(304);
    const older = new Date(Date.parse(lastModified!) - 1_000).toUTCString();
    const stale = await fetch(server.url + "/feed.xml", { headers: { "If-Modified-Since": older } });
    expect(stale.status).toBe(200);
    await stale.text();
  });
});
