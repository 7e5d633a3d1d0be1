import { setTimeout as sleep } from "node:timers/promises";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  releaseEmbeddedPostgres,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
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
    expect(await releaseEmbeddedPostgres(again)).toBe("in use"); // the first is still on it
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

/** A Paperboy process of its own (tests/helpers/embedded-process.ts), driven over stdin. */
class PaperboyProcess {
  readonly child: ChildProcess;
  private lines: string[] = [];
  private waiters: (() => void)[] = [];

  constructor(dir: string, dbPort: number) {
    this.child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/helpers/embedded-process.ts", dir, String(dbPort)],
      { stdio: ["pipe", "pipe", "inherit"], detached: true },
    );
    let buffered = "";
    this.child.stdout!.on("data", (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      this.lines.push(...parts.filter((l) => !l.startsWith("#")));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(command: string): void {
    this.child.stdin!.write(`${command}\n`);
  }

  /** The next line it prints (waits up to `ms`). */
  async next(ms = 60_000): Promise<string> {
    const until = Date.now() + ms;
    while (!this.lines.length) {
      if (Date.now() > until) throw new Error("no answer");
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.lines.shift()!;
  }

  hasPrinted(): boolean {
    return this.lines.length > 0;
  }

  kill(): void {
    try {
      process.kill(-this.child.pid!, "SIGKILL");
    } catch {
      // gone already
    }
  }
}

describe("processes joining and leaving the embedded database", () => {
  const started: PaperboyProcess[] = [];
  const dirs: string[] = [];
  const freshDir = async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-embedded-"));
    await fs.chmod(dir, 0o755);
    dirs.push(dir);
    return dir;
  };
  const paperboy = (dir: string, dbPort: number) => {
    const p = new PaperboyProcess(dir, dbPort);
    started.push(p);
    return p;
  };

  afterAll(async () => {
    for (const p of started) p.kill();
    for (const dir of dirs) {
      if (existsSync(path.join(dir, "postgres", "postmaster.pid")))
        await stopEmbeddedPostgres({ pgdata: path.join(dir, "postgres") }).catch(() => {});
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("starts at once after a process was killed during initdb", { timeout: 120_000 }, async () => {
    const dir = await freshDir();
    const dbPort = await freePort();
    const first = paperboy(dir, dbPort);
    first.send("start");
    // initdb under way: the lock is held and initdb has begun writing the data folder.
    await expect
      .poll(
        () => existsSync(path.join(dir, ".init.lock")) && existsSync(path.join(dir, "postgres", "global")),
        {
          timeout: 30_000,
          interval: 20,
        },
      )
      .toBe(true);
    first.kill(); // the process and its initdb, as a supervisor's stop or Ctrl-C does
    await sleep(200);
    expect(existsSync(path.join(dir, ".init.lock"))).toBe(true);

    const lines: string[] = [];
    const again = await startEmbeddedPostgres({ dataDir: dir, port: dbPort, log: (l) => lines.push(l) });
    expect(lines.join("\n")).toMatch(/died: creating it afresh/);
    const client = new pg.Client({ connectionString: again.url });
    await client.connect();
    expect((await client.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1);
    await client.end();
    expect(await releaseEmbeddedPostgres(again)).toBe("stopped");
  });

  it("stops the server when two processes leave at once", { timeout: 120_000 }, async () => {
    const dir = await freshDir();
    const dbPort = await freePort();
    const [a, b] = [paperboy(dir, dbPort), paperboy(dir, dbPort)];
    a.send("start");
    expect(await a.next()).toBe("ready");
    b.send("start");
    expect(await b.next()).toBe("ready");
    a.send("release");
    b.send("release");
    const outcomes = [await a.next(), await b.next()].sort();
    expect(outcomes).toEqual(["released in use", "released stopped"]);
    expect(await isListening(dbPort)).toBe(false);
  });

  it("never cuts off a process joining while another leaves", { timeout: 120_000 }, async () => {
    const dir = await freshDir();
    const dbPort = await freePort();
    const first = await startEmbeddedPostgres({ dataDir: dir, port: dbPort });
    // The test plays a process leaving: it holds the deciding lock, as one does
    // between counting the others and stopping the server.
    const leaving = new pg.Client({ connectionString: first.url });
    leaving.on("error", () => {});
    await leaving.connect();
    await leaving.query("SELECT pg_advisory_lock($1, $2)", [0x70617065, 1]);

    const joining = paperboy(dir, dbPort);
    joining.send("start");
    await sleep(3_000);
    expect(joining.hasPrinted()).toBe(false); // it waits for the decision instead of joining a server about to stop

    // Found alone: the leaver stops the server.
    await stopEmbeddedPostgres(first);
    await leaving.end().catch(() => {});
    expect(await joining.next()).toBe("ready"); // it started the server again
    joining.send("query");
    expect(await joining.next()).toBe("ok");

    // And one leaving now sees the joiner: the server stays up for it.
    expect(await releaseEmbeddedPostgres(first)).toBe("in use");
    joining.send("query");
    expect(await joining.next()).toBe("ok");
    joining.send("release");
    expect(await joining.next()).toBe("released stopped");
    expect(await isListening(dbPort)).toBe(false);
  });
});
