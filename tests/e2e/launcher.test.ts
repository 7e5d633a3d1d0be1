import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  releaseEmbeddedPostgres,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
  type EmbeddedPostgres,
} from "@/lib/database/embedded";
import { freePort, isListening } from "../helpers/app-server";
import { isRunning, pidOf } from "../helpers/processes";

// npm start as a supervisor sees it: it says at once when its port is taken;
// it rides out a restart of its database; a web server that dies is started
// again; and killed outright, it leaves no web server behind.
// (The embedded database, so the shared test server is never restarted.)

let dataDir: string | undefined;
let restarted: EmbeddedPostgres | undefined;

afterAll(async () => {
  if (restarted) await releaseEmbeddedPostgres(restarted).catch(() => {});
  if (dataDir) {
    await stopEmbeddedPostgres({ pgdata: path.join(dataDir, "postgres") }).catch(() => {});
    await fs.rm(dataDir, { recursive: true, force: true });
  }
});

function npmStart(env: NodeJS.ProcessEnv) {
  const child = spawn("npm", ["start"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const getJson = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }),
    () => ({ status: 0, body: {} }),
  );

describe("npm start supervises", () => {
  it("exits 1 at once, naming it, when its port is taken", { timeout: 60_000 }, async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "0.0.0.0", () => resolve()));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
      delete env.DATABASE_URL;
      const start = npmStart(env);
      expect(await start.exited).toBe(1);
      expect(start.output()).toMatch(new RegExp(`port ${port} on 0\\.0\\.0\\.0 is taken`));
      expect(start.output()).not.toMatch(/Starting the embedded database/); // said before anything else
    } finally {
      taken.close();
    }
  });

  it(
    "rides out a database restart, restarts a killed web server, and leaves no orphan when killed",
    { timeout: 300_000 },
    async () => {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-supervise-"));
      await fs.chmod(dataDir, 0o755);
      const [port, dbPort] = [await freePort(), await freePort()];
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        PAPERBOY_DB_PORT: String(dbPort),
        PAPERBOY_DATA_DIR: dataDir,
        // One web server, as before WEB_CONCURRENCY (web-concurrency.test.ts runs several).
        WEB_CONCURRENCY: "1",
      };
      delete env.DATABASE_URL;
      const start = npmStart(env);
      const base = `http://127.0.0.1:${port}`;
      try {
        await expect
          .poll(async () => (await getJson(`${base}/readyz`)).body, { timeout: 200_000, interval: 500 })
          .toMatchObject({ status: "ready", database: "up", scheduler: "running" });

        // The database restarts under it.
        const pgdata = path.join(dataDir, "postgres");
        await stopEmbeddedPostgres({ pgdata });
        await expect
          .poll(async () => (await getJson(`${base}/readyz`)).status, { timeout: 20_000 })
          .toBe(503);
        restarted = await startEmbeddedPostgres({ dataDir, port: dbPort });
        await expect
          .poll(async () => (await getJson(`${base}/readyz`)).status, { timeout: 30_000 })
          .toBe(200);
        expect(start.child.exitCode).toBeNull();
        expect(start.output()).not.toMatch(/Unhandled 'error' event/);
        // The launcher is back on the database: its presence keeps it running
        // when the test's own handle leaves.
        await expect
          .poll(() => start.output(), { timeout: 20_000 })
          .toMatch(/Reconnected to the embedded database/);
        expect(await releaseEmbeddedPostgres(restarted)).toBe("in use");
        restarted = undefined;

        // The web server is killed: it is started again.
        const web = pidOf(start.child.pid!, "lib/cli/serve.ts")!;
        expect(web).toBeGreaterThan(0);
        process.kill(web, "SIGKILL");
        await expect
          .poll(() => start.output(), { timeout: 10_000 })
          .toMatch(/The web server stopped \(killed by SIGKILL\); starting it again/);
        await expect
          .poll(async () => (await getJson(`${base}/healthz`)).status, { timeout: 60_000, interval: 500 })
          .toBe(200);
        const again = pidOf(start.child.pid!, "lib/cli/serve.ts");
        expect(again).not.toBe(web);

        // The launcher is killed outright: its web server goes with it.
        const launcher = pidOf(start.child.pid!, "lib/cli/start.ts")!;
        process.kill(launcher, "SIGKILL");
        await expect.poll(() => isListening(port), { timeout: 30_000, message: start.output() }).toBe(false);
        await expect.poll(() => isRunning(again!), { timeout: 20_000 }).toBe(false);
      } finally {
        try {
          process.kill(-start.child.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }
    },
  );
});
