import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, isListening } from "../helpers/app-server";

// The usual production install, in a fresh clone of this commit:
// `npm ci --omit=dev && npm start`. Everything npm start needs (tsx, the
// Prisma CLI for postinstall's generate, the WebAssembly schema engine, and
// what `next build` needs) is a dependency; the test tools are not installed.
// Packages come from npm's cache (--prefer-offline). To stay fast the clone
// is given this checkout's build instead of building again (the build itself
// is what every other browser test runs).

let tmp: string | undefined;

afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

const run = (cwd: string, file: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(file, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 }).toString();

describe("a production install", () => {
  it("npm ci --omit=dev, then npm start serves the feed", { timeout: 900_000 }, async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-install-"));
    await fs.chmod(tmp, 0o755);
    const clone = path.join(tmp, "paperboy");
    run(process.cwd(), "git", ["clone", "--quiet", "--no-hardlinks", process.cwd(), clone]);
    run(clone, "npm", ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"]);

    expect(existsSync(path.join(clone, "node_modules/.bin/tsx"))).toBe(true);
    expect(existsSync(path.join(clone, "lib/generated/prisma/client.ts"))).toBe(true); // postinstall ran
    expect(existsSync(path.join(clone, "node_modules/vitest"))).toBe(false); // a production install
    for (const needed of ["typescript", "@tailwindcss/postcss", "@prisma/schema-engine-wasm"])
      expect(existsSync(path.join(clone, "node_modules", needed, "package.json")), needed).toBe(true);

    await fs.cp(".next", path.join(clone, ".next"), { recursive: true });
    run(clone, process.execPath, [
      "--import",
      "tsx",
      "-e",
      'import("./lib/cli/build-stamp.ts").then((m) => m.writeBuildStamp())',
    ]);

    const [port, dbPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      PAPERBOY_DB_PORT: String(dbPort),
      PAPERBOY_DATA_DIR: path.join(tmp, "data"),
    };
    delete env.DATABASE_URL;
    const child = spawn("npm", ["start"], {
      cwd: clone,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await expect
        .poll(
          () =>
            fetch(`http://127.0.0.1:${port}/`).then(
              (r) => r.text(),
              () => (child.exitCode === null ? "" : `exited: ${output}`),
            ),
          { timeout: 300_000, interval: 1_000 },
        )
        .toContain("Daily Papers · Mar 31, 2026");
      expect(output).not.toMatch(/Building the app/);
    } finally {
      process.kill(-child.pid!, "SIGINT");
    }
    await exited;
    expect(output).toMatch(/Stopped the embedded database/);
    expect(await isListening(port)).toBe(false);
  });
});
