import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { freePort, isListening } from "../helpers/app-server";

// The README's first command on a fresh machine: `npm start` with no
// DATABASE_URL runs on the embedded database and serves the sample feed.
// With the default schedule it also fetches at once; the upstream here is a
// closed local port, as the real one is on a machine without network: the
// fetch fails politely, is logged and recorded, and the feed is served.
// (The global setup has built the app, so this start does not build again.)

let dataDir: string | undefined;

afterAll(async () => {
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it(
    "serves the sample feed from the embedded database, and stops it on Ctrl-C",
    { timeout: 180_000 },
    async () => {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-start-"));
      await fs.chmod(dataDir, 0o755);
      const [port, dbPort] = [await freePort(), await freePort()];
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        PAPERBOY_DB_PORT: String(dbPort),
        PAPERBOY_DATA_DIR: dataDir,
        FETCH_MAX_ATTEMPTS: "2",
        FETCH_RETRY_DELAY_SECONDS: "0.1",
      };
      delete env.DATABASE_URL;
      delete env.FETCH_CRON; // the default: hourly, and once at start
      const child = spawn("npm", ["start"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

      try {
        // Settles early when npm start exits: its output says why.
        const html = await vi
          .waitFor(
            async () => {
              const page = await fetch(`http://127.0.0.1:${port}/`).then(
                (r) => r.text(),
                () => "",
              );
              if (page.includes("Daily Papers") || child.exitCode !== null) return page;
              throw new Error("no feed yet");
            },
            { timeout: 150_000, interval: 500 },
          )
          .catch(() => "");
        if (!html.includes("Daily Papers")) throw new Error(`npm start did not serve the feed:\n${output}`);
        expect(html).toContain("Daily Papers · Mar 31, 2026");
        expect(output).toMatch(/importing the sample feed/);
        expect(output).toMatch(/Imported \d+ papers from 60 days/);
        expect(await isListening(dbPort)).toBe(true);
        await expect
          .poll(() => output, { timeout: 30_000 })
          .toMatch(
            /\[fetch\] 8 days from http:\/\/127\.0\.0\.1:9: fetched 0, empty 0, failed 8 .*tried again at the next tick/,
          );
      } finally {
        process.kill(-child.pid!, "SIGINT");
      }
      await exited;
      expect(output, output).toMatch(/Stopped the embedded database/);
      expect(await isListening(dbPort)).toBe(false);
      expect(await isListening(port)).toBe(false);
    },
  );
});
