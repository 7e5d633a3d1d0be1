import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { WebSupervisor } from "@/lib/server/supervisor";
import { freePort } from "../helpers/app-server";

// The launcher's hold on its web server: one that dies is started again,
// with growing pauses; one that keeps dying at once is given up on, and the
// launcher says why and exits non-zero.

const script = (code: string) => ["-e", code];

describe("the web server's supervisor", () => {
  it("gives up after repeated quick deaths, naming the cause", async () => {
    const lines: string[] = [];
    const supervisor = new WebSupervisor({
      execArgv: script("process.exit(7)"),
      env: process.env,
      log: (l) => lines.push(l),
      maxQuickDeaths: 3,
      firstDelayMs: 10,
      stopTimeoutMs: 1_000,
    });
    const outcome = await supervisor.run();
    expect(outcome.code).toBe(1);
    expect(outcome.message).toMatch(/died 3 times in a row .*\(last: exit code 7\); giving up/);
    expect(lines).toEqual([
      "The web server stopped (exit code 7); starting it again in 0.01 s ...",
      "The web server stopped (exit code 7); starting it again in 0.02 s ...",
    ]);
  });

  it("starts a killed web server again, and stop() ends it and the supervision", async () => {
    const lines: string[] = [];
    // Each run reports its pid over IPC, then waits; SIGTERM ends it.
    const supervisor = new WebSupervisor({
      execArgv: script(
        "process.send({ pid: process.pid }); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)",
      ),
      env: process.env,
      log: (l) => lines.push(l),
      firstDelayMs: 10,
      stopTimeoutMs: 5_000,
    });
    const pids: number[] = [];
    const running = supervisor.run();
    const childPid = (count: number) =>
      vi.waitFor(
        () => {
          for (const pid of supervisor.pids()) if (!pids.includes(pid)) pids.push(pid);
          if (pids.length < count) throw new Error(`child ${count} has not started`);
          return pids[count - 1]!;
        },
        { timeout: 10_000, interval: 20 },
      );
    const first = await childPid(1);
    process.kill(first, "SIGKILL");
    const second = await childPid(2);
    expect(second).not.toBe(first);
    expect(lines[0]).toMatch(/stopped \(killed by SIGKILL\); starting it again/);
    await supervisor.stop();
    expect(await running).toEqual({ code: 0 });
    expect(() => process.kill(second, 0)).toThrow();
  });

  it("ends its web server when it is killed itself: no orphan", async () => {
    const { spawn } = await import("node:child_process");
    // A launcher of its own (killed with SIGKILL, no chance to clean up), whose web server only waits.
    const launcher = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import { WebSupervisor } from "./lib/server/supervisor.ts";
         const s = new WebSupervisor({ execArgv: ["--import", "tsx", "-e", "process.on('disconnect', () => process.exit(0)); console.log('child ' + process.pid); setInterval(() => {}, 1000)"], env: process.env, log: console.log, stopTimeoutMs: 1000 });
         void s.run();`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    launcher.stdout.on("data", (d: Buffer) => (output += d.toString()));
    await expect.poll(() => output, { timeout: 20_000 }).toMatch(/child \d+/);
    const child = Number(/child (\d+)/.exec(output)![1]);
    launcher.kill("SIGKILL");
    await expect
      .poll(
        () => {
          try {
            process.kill(child, 0);
            return "running";
          } catch {
            return "gone";
          }
        },
        { timeout: 10_000 },
      )
      .toBe("gone");
  });

  it("runs several web servers on one port (node:cluster), restarts the one that dies, and stop() ends them all", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-cluster-"));
    const script = path.join(dir, "server.mjs");
    // A web server that answers its pid on the shared port.
    await fs.writeFile(
      script,
      `import http from "node:http";
       const server = http.createServer((req, res) => res.end(String(process.pid)));
       server.keepAliveTimeout = 1;
       server.listen(Number(process.env.PORT), "127.0.0.1");
       process.on("SIGTERM", () => server.close(() => process.exit(0)));`,
    );
    const port = await freePort();
    const lines: string[] = [];
    const supervisor = new WebSupervisor({
      execArgv: [],
      script,
      workers: 2,
      env: { ...process.env, PORT: String(port) },
      log: (l) => lines.push(l),
      firstDelayMs: 10,
      stopTimeoutMs: 5_000,
    });
    const running = supervisor.run();
    const answeredBy = () =>
      new Promise<number>((resolve) =>
        http
          .get({ host: "127.0.0.1", port, agent: false }, (res) => {
            let body = "";
            res.on("data", (d: Buffer) => (body += d.toString()));
            res.on("end", () => resolve(Number(body)));
          })
          .on("error", () => resolve(0)),
      );
    const answering = async () => {
      const pids = new Set<number>();
      for (let i = 0; i < 8; i++) pids.add(await answeredBy());
      pids.delete(0);
      return [...pids].sort();
    };
    try {
      await expect.poll(() => supervisor.pids().length, { timeout: 10_000 }).toBe(2);
      const first = supervisor.pids().sort();
      await expect.poll(answering, { timeout: 10_000 }).toEqual(first);
      process.kill(first[0]!, "SIGKILL");
      await expect
        .poll(() => lines.join("\n"), { timeout: 10_000 })
        .toMatch(/Web server \d stopped \(killed by SIGKILL\)/);
      await expect
        .poll(() => supervisor.pids().filter((p) => !first.includes(p)).length, { timeout: 10_000 })
        .toBe(1);
      const second = supervisor.pids().sort();
      expect(second).toContain(first[1]);
      await expect.poll(answering, { timeout: 10_000 }).toEqual(second);
      await supervisor.stop();
      expect(await running).toEqual({ code: 0 });
      for (const pid of second) expect(() => process.kill(pid, 0)).toThrow();
      expect(await answeredBy()).toBe(0);
    } finally {
      await supervisor.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
