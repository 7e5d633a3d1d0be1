import { setTimeout as sleep } from "node:timers/promises";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  releaseEmbeddedPostgres,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
  type EmbeddedPostgres,
} from "@/lib/database/embedded";
import { applyMigrations } from "@/lib/database/migrate";
import { disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { importFiles } from "@/lib/papers/import/import-files";
import { freePort, startAppServer, type AppServer } from "../helpers/app-server";

// Postgres stopped under a running app, then started again: in between,
// readers get a quick 503 (HTML for pages, JSON for the API), never a hang or
// a 500; afterwards the same server answers normally, without a restart.
// Searches need no database: they are answered from memory all along.
// (An embedded Postgres of its own, so the shared test server keeps running.)

let dataDir: string;
let embedded: EmbeddedPostgres;
let server: AppServer;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-outage-"));
  await fs.chmod(dataDir, 0o755);
  embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  await applyMigrations(embedded.url);
  process.env.DATABASE_URL = embedded.url;
  resetEnvCache();
  await importFiles(["tests/fixtures/hf"]);
  await disconnectDb();
  server = await startAppServer({ DATABASE_URL: embedded.url });
});

afterAll(async () => {
  await server?.stop();
  if (embedded) await releaseEmbeddedPostgres(embedded).catch(() => {});
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function timedFetch(url: string): Promise<{ status: number; ms: number; body: string; type: string }> {
  const started = Date.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return {
    status: res.status,
    ms: Date.now() - started,
    body: await res.text(),
    type: res.headers.get("content-type") ?? "",
  };
}

describe("a database outage", () => {
  it("answers 503 while Postgres is down and recovers by itself", { timeout: 90_000 }, async () => {
    expect((await timedFetch(`${server.url}/papers/date/2025-10-03`)).status).toBe(200);
    const search = async () => JSON.parse((await timedFetch(`${server.url}/api/search?q=stockbench`)).body);
    await expect.poll(async () => ((await search()) as { status: string }).status).toBe("ready");

    await stopEmbeddedPostgres(embedded);
    const duringOutage = (await search()) as { status: string; results: { id: string; title: string }[] };
    expect(duringOutage.status).toBe("ready");
    expect(duringOutage.results[0]?.title).toMatch(/^StockBench/);
    const during: { status: number; ms: number }[] = [];
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      for (const url of [
        `${server.url}/papers/date/2025-10-03`,
        `${server.url}/api/daily_papers?date=2025-10-03`,
      ]) {
        const r = await timedFetch(url);
        during.push({ status: r.status, ms: r.ms });
        if (r.status === 503) {
          expect(r.body).not.toMatch(/\n\s+at /); // no stack trace
          expect(r.type).toMatch(url.includes("/api/") ? /application\/json/ : /text\/html/);
        }
      }
      await sleep(200);
    }
    const readyz = await fetch(`${server.url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(readyz.headers.get("cache-control")).toBe("no-store");
    expect(await readyz.json()).toMatchObject({ status: "unavailable", database: "down" });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200); // alive all the same: no restart needed
    const statuses = new Set(during.map((d) => d.status));
    expect([...statuses]).toEqual([503]);
    expect(Math.max(...during.map((d) => d.ms))).toBeLessThan(3_000);

    const before = embedded;
    embedded = await startEmbeddedPostgres({ dataDir, port: embedded.port });
    await releaseEmbeddedPostgres(before); // the first handle's presence, reconnected meanwhile
    // Recovered: the page and the API both answer, and keep answering. Connections that
    // the pool opened before the restart may fail once each before they are replaced.
    const pageAndApi = async () =>
      Promise.all([
        timedFetch(`${server.url}/papers/date/2025-10-03`),
        timedFetch(`${server.url}/api/daily_papers?date=2025-10-03`),
      ]);
    await expect
      .poll(async () => (await pageAndApi()).map((r) => r.status), { timeout: 15_000, interval: 250 })
      .toEqual([200, 200]);
    for (let round = 0; round < 5; round++) {
      const [page, api] = await pageAndApi();
      expect([page.status, api.status]).toEqual([200, 200]);
      expect(page.body).toContain("data-paper-card");
    }
    await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 5_000 }).toBe(200);
  });
});
