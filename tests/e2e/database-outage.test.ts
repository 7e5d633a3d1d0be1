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

    await stopEmbeddedPostgres(embedded);
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
      await new Promise((r) => setTimeout(r, 200));
    }
    const statuses = new Set(during.map((d) => d.status));
    expect([...statuses]).toEqual([503]);
    expect(Math.max(...during.map((d) => d.ms))).toBeLessThan(3_000);

    const before = embedded;
    embedded = await startEmbeddedPostgres({ dataDir, port: embedded.port });
    await releaseEmbeddedPostgres(before); // the first handle's presence, reconnected meanwhile
    let recovered = false;
    const deadline = Date.now() + 15_000;
    while (!recovered && Date.now() < deadline) {
      recovered = (await timedFetch(`${server.url}/papers/date/2025-10-03`)).status === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 250));
    }
    expect(recovered).toBe(true);
    const page = await timedFetch(`${server.url}/papers/date/2025-10-03`);
    expect(page.body).toContain("data-paper-card");
    expect((await timedFetch(`${server.url}/api/daily_papers?date=2025-10-03`)).status).toBe(200);
  });
});
