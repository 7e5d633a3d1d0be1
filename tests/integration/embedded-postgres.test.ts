import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  releaseEmbeddedPostgres,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from "@/lib/database/embedded";
import { applyMigrations } from "@/lib/database/migrate";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { importFiles } from "@/lib/papers/import/import-files";
import { freePort, isListening } from "../helpers/app-server";

// The embedded default: a real Postgres in a data folder, no server needed.

let dataDir: string;
let port: number;
let embedded: EmbeddedPostgres | undefined;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-embedded-"));
  await fs.chmod(dataDir, 0o755); // as root, the server runs as the OS user postgres, which must reach it
  port = await freePort();
});

afterAll(async () => {
  await disconnectDb();
  if (embedded) await releaseEmbeddedPostgres(embedded).catch(() => {});
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("the embedded database", () => {
  it("starts in an empty folder, migrates, imports and answers queries", async () => {
    embedded = await startEmbeddedPostgres({ dataDir, port });
    expect(embedded.url).toMatch(new RegExp(`^postgresql://paperboy:.+@127\\.0\\.0\\.1:${port}/paperboy$`));
    expect(await applyMigrations(embedded.url)).toHaveLength(
      (await fs.readdir("prisma/migrations")).filter((n) => /^\d/.test(n)).length,
    );

    process.env.DATABASE_URL = embedded.url;
    resetEnvCache();
    const summary = await importFiles(["tests/fixtures/hf"]);
    expect(summary).toMatchObject({ inserted: 6, invalid: 0 });
    expect(await db().paper.count()).toBe(6);
    const top = await db().paper.findFirst({ where: { orgHandle: "ByteDance-Seed" } });
    expect(top?.id).toBe("2510.02283");
  });

  it("is shared: a second process finds the running server instead of starting another", async () => {
    const again = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    expect(again.url).toBe(embedded!.url); // same server, same port
  });

  it("stays up while another process is connected, and stops when the last one leaves", async () => {
    const other = new pg.Client({ connectionString: embedded!.url, application_name: "someone-else" });
    await other.connect();
    await disconnectDb();
    expect(await releaseEmbeddedPostgres(embedded!)).toBe("in use");
    expect(await isListening(port)).toBe(true);
    await other.end();
    expect(await releaseEmbeddedPostgres(embedded!)).toBe("stopped");
    expect(await isListening(port)).toBe(false);
  });

  it("restarts on the same data", async () => {
    embedded = await startEmbeddedPostgres({ dataDir, port });
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM papers");
    await client.end();
    expect(Number(rows[0]!.n)).toBe(6);
    expect(await releaseEmbeddedPostgres(embedded)).toBe("stopped");
    embedded = undefined;
  });
});
