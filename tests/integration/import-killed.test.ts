import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createGzip } from "node:zlib";
import { createWriteStream } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { IMPORT_BATCH_SIZE } from "@/lib/papers/import/importer";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// An import killed half way leaves no half-written paper, and running it
// again finishes the job.

let database: TestDatabase;
let tmp: string;
const PAPERS = 20_000;

beforeAll(async () => {
  database = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-killed-"));
});
afterAll(async () => {
  await database.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function bigFile(): Promise<string> {
  const file = path.join(tmp, "big.jsonl.gz");
  const gzip = createGzip();
  const done = new Promise<void>((resolve) =>
    gzip.pipe(createWriteStream(file)).on("finish", () => resolve()),
  );
  for (let i = 0; i < PAPERS; i++) {
    const id = `2601.${String(10000 + i)}`;
    gzip.write(
      JSON.stringify({
        id,
        title: `Paper number ${i}`,
        abstract: `Abstract ${i} `.repeat(40),
        authorCount: 3,
        organization: null,
        date: "2026-01-05",
        upvotes: i % 50,
        authors: ["A", "B", "C"],
      }) + "\n",
    );
  }
  gzip.end();
  await done;
  return file;
}

function runImport(file: string): ReturnType<typeof spawn> {
  return spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "lib/cli/import.ts", file],
    { env: { ...process.env, DATABASE_URL: database.url }, stdio: "ignore" },
  );
}

describe("an import killed half way", () => {
  it("leaves whole batches only, and a second run completes it", { timeout: 120_000 }, async () => {
    const file = await bigFile();
    const child = runImport(file);
    const exited = new Promise((r) => child.on("exit", r));
    // Kill it once some batches have landed, well before the end.
    const killable = await vi.waitFor(
      async () => {
        if ((await db().paper.count()) >= IMPORT_BATCH_SIZE * 3) return true;
        if (child.exitCode !== null) return false;
        throw new Error("fewer than three batches so far");
      },
      { timeout: 100_000, interval: 20 },
    );
    if (!killable) throw new Error("the import finished before it could be killed: make the file bigger");
    child.kill("SIGKILL");
    await exited;

    const landed = await db().paper.count();
    expect(landed).toBeLessThan(PAPERS);
    expect(landed % IMPORT_BATCH_SIZE).toBe(0); // each batch is one statement: all of it or none
    const broken = await db().paper.count({
      where: { OR: [{ title: "" }, { authorCount: { not: 3 } }, { authors: { isEmpty: true } }] },
    });
    expect(broken).toBe(0);

    const again = runImport(file);
    const code = await new Promise((r) => again.on("exit", r));
    expect(code).toBe(0);
    expect(await db().paper.count()).toBe(PAPERS);
  });
});
