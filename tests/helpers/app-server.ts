import { setTimeout as sleep } from "node:timers/promises";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { isBuildCurrent, writeBuildStamp } from "@/lib/cli/build-stamp";

// The production build, served as npm start serves it (lib/cli/serve.ts: Next behind the page cache).

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on this port of 127.0.0.1. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export async function ensureBuilt(): Promise<void> {
  if (await isBuildCurrent()) return;
  await new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    let output = "";
    build.stdout.on("data", (d: Buffer) => (output += d.toString()));
    build.stderr.on("data", (d: Buffer) => (output += d.toString()));
    build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed:\n${output}`))));
  });
  await writeBuildStamp();
}

// The keys every test server signs with, so that a test process can sign links the server accepts.
export const TEST_NEXTAUTH_SECRET = "test-secret-for-the-browser-tests-0123456789";
export const TEST_MAIL_LINK_SECRET = "test-mail-link-secret-for-the-browser-tests-0123";

export type AppServer = { url: string; process: ChildProcess; output: () => string; stop(): Promise<void> };

export async function startAppServer(env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  // The same server npm start runs: Next behind the page cache.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "lib/cli/serve.ts", "--port", String(port), "--hostname", "127.0.0.1"],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
        MAIL_LINK_SECRET: TEST_MAIL_LINK_SECRET,
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
        APP_URL: `http://127.0.0.1:${port}`,
        ...env,
      },
    },
  );
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    const ok = await fetch(`${url}/api/daily_papers?limit=1`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error(`the server did not answer within 60 s:\n${output}`);
    await sleep(250);
  }
  return {
    url,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
