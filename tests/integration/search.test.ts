import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db, sqlPool } from "@/lib/db";
import { getPapersByIds } from "@/lib/papers/queries";
import { searchApi } from "@/lib/search/api";
import { importFiles } from "@/lib/papers/import/import-files";
import { getSearchResultPage } from "@/lib/search/results";
import {
  applyPaperChanges,
  getSearchStatus,
  suggestSearch,
  searchPapers,
  similarPapers,
  startSearchIndex,
  stopSearchIndex,
  suggest,
} from "@/lib/search/index";
import { SEARCH_INDEX_VERSION } from "@/lib/search/options";
import { PaperSearchIndex } from "@/lib/search/search-index";
import { loadSnapshot, saveSnapshot, snapshotPath } from "@/lib/search/snapshot";
import {
  catchUpSearchIndex,
  reconcileSearchIndex,
  startSearchPolling,
  warmSearchIndex,
} from "@/lib/search/sync";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// The search core on the shipped sample (60 days of real Daily Papers, about
// 1.2k papers) in a database of its own: relevance, filters, updates in this
// process and in a second one, and the snapshot.

let database: TestDatabase;
let tmp: string;
let index: PaperSearchIndex;

beforeAll(async () => {
  database = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-search-"));
  const imported = await importFiles(["prisma/sample"]);
  expect(imported.inserted).toBeGreaterThan(1000);
  index = new PaperSearchIndex();
  const warm = await warmSearchIndex(index, { snapshotDir: path.join(tmp, "a") });
  expect(warm).toMatchObject({ source: "build", documents: imported.inserted, saved: true });
});

afterAll(async () => {
  await stopSearchIndex();
  await database?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

const ids = (q: string, extra: object = {}, on = index) => on.search({ q, ...extra }).hits.map((h) => h.id);

let written = 0;
async function importPapers(records: object[]): Promise<void> {
  const file = path.join(tmp, `new-${++written}.jsonl`);
  await fs.writeFile(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const summary = await importFiles([file]);
  expect(summary.invalid).toBe(0);
}
const paper = (id: string, title: string, over: object = {}) => ({
  id,
  title,
  abstract: "An abstract about nothing in particular.",
  authorCount: 1,
  organization: null,
  date: "2026-03-31",
  upvotes: 3,
  authors: ["Test Author"],
  ...over,
});

async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 8_000,
): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await vi.waitFor(
    async () => {
      const value = await probe();
      if (!done(value)) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      return value;
    },
    { timeout: timeoutMs, interval: 100 },
  );
  return { value, ms: Date.now() - started };
}

describe("relevance on real papers", () => {
  it("finds a paper first by its exact title", async () => {
    const all = await db().paper.findMany({ orderBy: { id: "asc" }, select: { id: true, title: true } });
    const sample = all.filter((_, i) => i % 40 === 0);
    expect(sample.length).toBeGreaterThanOrEqual(30);
    const misses = sample
      .filter((p) => ids(p.title)[0] !== p.id)
      .map((p) => `${p.id} ${p.title} -> ${ids(p.title).slice(0, 3).join(", ")}`);
    expect(misses).toEqual([]);
  });

  it("finds a paper with a typo in a long word", () => {
    expect(ids("monetary plicy stance")[0]).toBe("2603.14313"); // Decoding Monetary Policy Stance from FOMC Statements
    const r = index.search({ q: "recreated webstes" });
    expect(r.hits[0]?.id).toBe("2603.10505"); // Safe and Scalable Web Agent Learning via Recreated Websites
    expect(r.typoTolerant).toBe(true);
    expect(r.hits[0]?.terms).toContain("website");
  });

  it("matches the word being typed as a prefix", () => {
    expect(ids("Safe and Scalable Web Agent Lea")[0]).toBe("2603.10505");
    expect(ids("qwen3 asr techn")[0]).toBe("2601.21337"); // Qwen3-ASR Technical Report
    // The word is finished: "techn" itself is not a word, so no paper has all three.
    expect(index.search({ q: "qwen3 asr techn " }).fallback).toMatchObject({ all: 0, words: 2 });
  });

  it("filters by organization: only that organization's papers come back", async () => {
    const all = index.search({ q: "model", org: "NVIDIA", limit: 50 });
    expect(all.total).toBeGreaterThan(0);
    const orgs = await db().paper.findMany({
      where: { id: { in: all.hits.map((h) => h.id) } },
      select: { orgHandle: true },
    });
    // By prefix, any case: "nvidia" and "NVIDIA-DIR".
    expect(orgs.every((o) => o.orgHandle?.toLowerCase().startsWith("nvidia"))).toBe(true);
    expect(new Set(orgs.map((o) => o.orgHandle))).toContain("nvidia");
    const expected = await db().paper.count({
      where: { orgHandle: { startsWith: "nvidia", mode: "insensitive" }, hidden: false },
    });
    expect(index.search({ q: "nvidia", org: "nvidia" }).total).toBe(expected); // the handle is indexed too
  });

  it("filters by date range and minimum upvotes", async () => {
    const r = index.search({
      q: "language",
      from: "2026-02-01" as never,
      to: "2026-02-10" as never,
      minUpvotes: 20,
      limit: 50,
    });
    expect(r.total).toBeGreaterThan(0);
    const rows = await db().paper.findMany({
      where: { id: { in: r.hits.map((h) => h.id) } },
      select: { feedDate: true, upvotes: true },
    });
    for (const row of rows) {
      expect(
        row.feedDate.toISOString().slice(0, 10) >= "2026-02-01" &&
          row.feedDate.toISOString().slice(0, 10) <= "2026-02-10",
      ).toBe(true);
      expect(row.upvotes).toBeGreaterThanOrEqual(20);
    }
    const unfiltered = index.search({ q: "language" }).total;
    expect(r.total).toBeLessThan(unfiltered);
  });

  it("sorts by upvotes and newest", () => {
    const byUpvotes = index.search({ q: "reasoning", sort: "upvotes", limit: 50 }).hits.map((h) => h.upvotes);
    expect(byUpvotes).toEqual([...byUpvotes].sort((a, b) => b - a));
    const byDate = index.search({ q: "reasoning", sort: "newest", limit: 50 }).hits.map((h) => h.feedDate);
    expect(byDate).toEqual([...byDate].sort().reverse());
  });
});

describe("keeping current", () => {
  it("makes an imported paper searchable in this process at once, and an edit or a hide take effect at once", async () => {
    const id = "2699.00001";
    expect(ids("quokka transmogrification")).toEqual([]);
    await importPapers([paper(id, "Quokka transmogrification of zebrafish")]);
    await applyPaperChanges([id], index);
    expect(ids("quokka transmogrification")).toEqual([id]);

    await db()
      .$executeRaw`UPDATE papers SET title = 'Wombat transmogrification', updated_at = now() WHERE id = ${id}`;
    await applyPaperChanges([id], index);
    expect(ids("quokka")).toEqual([]);
    expect(ids("wombat")[0]).toBe(id); // then near spellings ("combat"), as too few papers matched

    await db().$executeRaw`UPDATE papers SET hidden = true, updated_at = now() WHERE id = ${id}`;
    await applyPaperChanges([id], index);
    expect(ids("wombat")).not.toContain(id);
  });

  it("a result's title, organization, authors and upvotes follow the database, here at once and elsewhere on the next poll", async () => {
    const id = "2699.00013";
    await importPapers([paper(id, "Capybara cartography", { upvotes: 4, authorCount: 3 })]);
    await applyPaperChanges([id], index);
    expect(index.card(id)).toEqual({
      title: "Capybara cartography",
      abstract: "An abstract about nothing in particular.",
      orgHandle: null,
      orgName: null,
      authorCount: 3,
    });
    const other = new PaperSearchIndex();
    await warmSearchIndex(other, { snapshotDir: null });
    await db().$executeRaw`UPDATE papers SET title = 'Capybara cartography, revised', upvotes = 41,
      org_handle = 'capy', org_name = 'Capybara Lab' WHERE id = ${id}`;
    await catchUpSearchIndex(other);
    expect(other.card(id)).toMatchObject({
      title: "Capybara cartography, revised",
      orgHandle: "capy",
      orgName: "Capybara Lab",
    });
    expect(other.search({ q: "capybara" }).hits[0]).toMatchObject({ id, upvotes: 41 });
    await db().$executeRaw`UPDATE papers SET hidden = true WHERE id = ${id}`;
    await catchUpSearchIndex(other);
    expect(other.card(id)).toBeUndefined();
    await applyPaperChanges([id], index);
  });

  it("a second index on the same database converges through its poller, including a late commit", async () => {
    const second = new PaperSearchIndex();
    await warmSearchIndex(second, { snapshotDir: null });
    const poller = startSearchPolling(second, { intervalMs: 200 });
    try {
      const id = "2699.00002";
      await importPapers([paper(id, "Platypus echolocation benchmark")]);
      await applyPaperChanges([id], index);
      const seen = await waitFor(
        "the second index to find the new paper",
        () => ids("platypus", {}, second),
        (r) => r.includes(id),
      );
      expect(seen.ms).toBeLessThan(5_000);

      // A transaction that committed late carries an updated_at older than what the poller has read.
      await db()
        .$executeRaw`UPDATE papers SET updated_at = now() + interval '1 second' WHERE id = '2601.21337'`;
      await poller.pollNow();
      await db()
        .$executeRaw`UPDATE papers SET title = 'Echidna late commit', updated_at = now() - interval '10 seconds' WHERE id = ${id}`;
      await waitFor(
        "the late commit",
        () => ids("echidna", {}, second),
        (r) => r.includes(id),
      );

      await db().$executeRaw`UPDATE papers SET hidden = true, updated_at = now() WHERE id = ${id}`;
      await waitFor(
        "the hidden paper to go",
        () => ids("echidna", {}, second),
        (r) => r.length === 0,
      );

      // A row deleted outright leaves no updated_at: the count check finds it.
      await db().$executeRaw`DELETE FROM papers WHERE id = '2603.14313'`;
      expect(await reconcileSearchIndex(second)).toMatchObject({ removed: 1 });
      expect(ids("monetary policy stance", {}, second)).not.toContain("2603.14313");
      expect(second.documentCount).toBe(await db().paper.count({ where: { hidden: false } }));
    } finally {
      await poller.stop();
    }
  });

  it("a second process converges within seconds", async () => {
    const child = spawn(
      "node",
      ["--conditions=react-server", "--import", "tsx", "tests/helpers/search-second-process.ts"],
      { env: { ...process.env } },
    );
    const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const next = async () => {
      const line = await lines.next();
      if (line.done) throw new Error(`the second process ended: ${stderr}`);
      return JSON.parse(line.value) as { ready?: boolean; ids?: string[] };
    };
    const ask = async (q: string) => {
      child.stdin.write(`${JSON.stringify({ q })}\n`);
      return (await next()).ids ?? [];
    };
    try {
      expect(await next()).toMatchObject({ ready: true });
      expect(await ask("narwhal")).toEqual([]);
      const id = "2699.00003";
      await importPapers([paper(id, "Narwhal tusk sensing")]);
      await applyPaperChanges([id], index);
      expect(ids("narwhal")).toEqual([id]); // this process: at once
      const seen = await waitFor(
        "the second process to find the new paper",
        () => ask("narwhal"),
        (r) => r.includes(id),
      );
      expect(seen.ms).toBeLessThan(5_000);
    } finally {
      child.stdin.end();
      child.kill();
    }
  });
});

describe("the snapshot", () => {
  it("round-trips: a loaded index answers like the one saved", async () => {
    const dir = path.join(tmp, "round-trip");
    await saveSnapshot(index, dir);
    const loaded = await loadSnapshot(dir);
    if (!loaded.ok) throw new Error(loaded.reason);
    const copy = new PaperSearchIndex(loaded.snapshot.postings);
    copy.status = "ready";
    expect(loaded.snapshot.watermark).toEqual({
      maxUpdatedAt: index.watermark?.maxUpdatedAt,
      count: index.documentCount,
      readAt: index.watermark?.readAt,
    });
    for (const q of ["language model", "diffusion", "qwen3 asr techn", "recreated webstes", "nvidia"]) {
      expect(copy.search({ q, limit: 50 })).toEqual(index.search({ q, limit: 50 }));
    }
    // And shows the same cards, read from the snapshot rather than the database.
    const loadedCards = new PaperSearchIndex(loaded.snapshot.postings, loaded.snapshot.cards);
    const all = index.allIds();
    expect(all.length).toBeGreaterThan(1000);
    for (const id of all) expect(loadedCards.card(id)).toEqual(index.card(id));
  });

  it("a restart loads it, and catches up with what changed since", async () => {
    const dir = path.join(tmp, "restart");
    // Bring the index level with the database (the test above deleted a row behind its back).
    await catchUpSearchIndex(index);
    await reconcileSearchIndex(index);
    await saveSnapshot(index, dir);

    const unchanged = await warmSearchIndex(new PaperSearchIndex(), { snapshotDir: dir });
    expect(unchanged).toMatchObject({
      source: "snapshot",
      caughtUp: { upserted: 0, removed: 0 },
      saved: false,
    });

    await importPapers([paper("2699.00004", "Axolotl regeneration atlas")]);
    await db().$executeRaw`UPDATE papers SET hidden = true, updated_at = now() WHERE id = '2601.21337'`;
    const restarted = new PaperSearchIndex();
    const outcome = await warmSearchIndex(restarted, { snapshotDir: dir });
    expect(outcome).toMatchObject({ source: "snapshot", saved: true });
    expect(outcome.caughtUp.upserted).toBeGreaterThanOrEqual(1);
    expect(outcome.caughtUp.removed).toBeGreaterThanOrEqual(1);
    expect(ids("axolotl", {}, restarted)).toEqual(["2699.00004"]);
    expect(ids("qwen3 asr technical report", {}, restarted)).not.toContain("2601.21337");
    expect(restarted.documentCount).toBe(await db().paper.count({ where: { hidden: false } }));
  });

  it("a corrupt, truncated or other-version snapshot is refused, and the index rebuilt", async () => {
    const dir = path.join(tmp, "corrupt");
    await saveSnapshot(index, dir);
    const file = snapshotPath(dir);
    const good = await fs.readFile(file);
    const cases: [Buffer, RegExp][] = [
      [good.subarray(0, good.length - 100), /truncated/],
      [Buffer.concat([good.subarray(0, 5000), Buffer.from("X"), good.subarray(5001)]), /corrupt/],
      [
        Buffer.from(
          good.toString("latin1").replace(`"version":${SEARCH_INDEX_VERSION},`, '"version":0,'),
          "latin1",
        ),
        /version/,
      ],
      [Buffer.from("not a snapshot at all"), /header/],
    ];
    for (const [bytes, reason] of cases) {
      await fs.writeFile(file, bytes);
      expect(await loadSnapshot(dir)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    }
    const rebuilt = new PaperSearchIndex();
    const outcome = await warmSearchIndex(rebuilt, { snapshotDir: dir });
    expect(outcome).toMatchObject({
      source: "build",
      snapshotRefused: expect.stringMatching(/header/),
      saved: true,
    });
    expect(rebuilt.documentCount).toBe(await db().paper.count({ where: { hidden: false } }));
    expect((await loadSnapshot(dir)).ok).toBe(true); // a good one in its place
  });

  it("after a quiet spell, neither a build, a restart nor a poll reads the last import again", async () => {
    // As if the last import ended 50 s ago and nothing changed since (the trigger that stamps updated_at is set aside for this).
    await db().$transaction([
      db().$executeRaw`SET LOCAL session_replication_role = replica`,
      db().$executeRaw`UPDATE papers SET updated_at = now() - interval '50 seconds'`,
    ]);
    const dir = path.join(tmp, "quiet");
    const built = new PaperSearchIndex();
    expect(await warmSearchIndex(built, { snapshotDir: dir })).toMatchObject({
      source: "build",
      caughtUp: { upserted: 0, removed: 0 },
    });
    const restarted = new PaperSearchIndex();
    expect(await warmSearchIndex(restarted, { snapshotDir: dir })).toMatchObject({
      source: "snapshot",
      caughtUp: { upserted: 0, removed: 0 },
    });
    expect(await catchUpSearchIndex(restarted)).toEqual({ upserted: 0, removed: 0 });
    // A change now is still read.
    const [paper] = await db().paper.findMany({ where: { hidden: false }, take: 1, select: { id: true } });
    await db().paper.update({ where: { id: paper!.id }, data: { title: "Quokka after the quiet" } });
    expect(await catchUpSearchIndex(restarted)).toEqual({ upserted: 1, removed: 0 });
    restarted.status = "ready";
    expect(restarted.search({ q: "quokka" }).hits.map((h) => h.id)).toEqual([paper!.id]);
  });

  it("a snapshot written for another database is refused, not caught up as if it were this one's", async () => {
    const dir = path.join(tmp, "other-database");
    await saveSnapshot(index, dir, "paperboy_elsewhere:0b0e0f");
    expect(await loadSnapshot(dir, "paperboy_here:1a2b3c")).toEqual({
      ok: false,
      reason: "written for another database",
    });
    const rebuilt = new PaperSearchIndex();
    const outcome = await warmSearchIndex(rebuilt, { snapshotDir: dir });
    expect(outcome).toMatchObject({
      source: "build",
      snapshotRefused: "written for another database",
      saved: true,
    });
    // Saved again, now for this database: the next start loads it.
    expect(await warmSearchIndex(new PaperSearchIndex(), { snapshotDir: dir })).toMatchObject({
      source: "snapshot",
    });
  });
});

describe("the process's index, as routes call it", () => {
  it("warms in the background, then searches, suggests, finds similar papers and builds a result page", async () => {
    const first = searchPapers({ q: "reasoning" });
    expect(first.status).toBe("warming");
    await startSearchIndex({ snapshotDir: path.join(tmp, "restart"), pollIntervalMs: 500 });
    expect(getSearchStatus()).toMatchObject({ status: "ready", lastError: null });

    expect(searchPapers({ q: "reasoning" }).total).toBeGreaterThan(10);
    expect(suggest("diffusion mod").suggestions.map((s) => s.suggestion)).toContain("diffusion model");

    const similar = await similarPapers("2603.10505");
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.map((h) => h.id)).not.toContain("2603.10505");
    expect(await similarPapers("0000.00000")).toEqual([]);

    const page = getSearchResultPage({ q: "recreated websites", limit: 5 });
    const top = page.results[0]!;
    expect(top.id).toBe("2603.10505");
    expect(top.titleHighlights.map((h) => top.title.slice(h.start, h.end))).toEqual([
      "Recreated",
      "Websites",
    ]);
    for (const h of top.snippet.highlights)
      expect(top.snippet.text.slice(h.start, h.end)).toMatch(/^(recreated|websites?)$/i);

    for (const q of ["", "x", "x".repeat(10_000), "'; DROP TABLE papers; --", "🤖 مرحبا \u0000"]) {
      expect(getSearchResultPage({ q }).results.length).toBeLessThanOrEqual(20);
    }
  });
});

describe("searches answered from memory", () => {
  /** Connections taken from the process's one pool while `run` runs: every query Prisma or raw SQL sends takes one. */
  async function queriesDuring(run: () => unknown): Promise<number> {
    let taken = 0;
    const count = () => void taken++;
    sqlPool().on("acquire", count);
    try {
      await run();
    } finally {
      sqlPool().off("acquire", count);
    }
    return taken;
  }

  it("a result page, the search API and suggestions send no query to Postgres", async () => {
    await startSearchIndex({ snapshotDir: null });
    expect(getSearchStatus().status).toBe("ready");
    // The counter sees queries: loading the papers by id, as results did before, takes a connection.
    const hits = searchPapers({ q: "diffusion" }).hits.map((h) => h.id);
    expect(hits.length).toBeGreaterThan(0);
    expect(await queriesDuring(() => getPapersByIds(hits))).toBeGreaterThan(0);

    const queries = [
      "diffusion",
      "language model",
      "recreated webstes",
      "nvidia",
      '"mixture of experts"',
      "2603.10505",
    ];
    const answers: number[] = [];
    const taken = await queriesDuring(() => {
      for (const q of queries) {
        answers.push(getSearchResultPage({ q }).results.length);
        answers.push(searchApi({ q, sort: "upvotes", limit: 50 }).results.length);
        answers.push(suggestSearch(q.slice(0, 6)).papers.length);
      }
    });
    expect(taken).toBe(0);
    expect(answers.filter((n) => n > 0).length).toBeGreaterThan(queries.length * 2);
    const page = getSearchResultPage({ q: "recreated websites", limit: 1 });
    const fromDb = (await getPapersByIds([page.results[0]!.id]))[0]!;
    expect(page.results[0]).toMatchObject({
      title: fromDb.title,
      authorCount: fromDb.authorCount,
      orgHandle: fromDb.orgHandle,
      orgName: fromDb.orgName,
      feedDate: fromDb.feedDate,
      upvotes: fromDb.upvotes,
    });
  });
});
