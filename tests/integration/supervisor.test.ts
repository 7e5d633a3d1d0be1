import type { ChildProcess } from "node:child_process";
import { describe, expect, it, vi } from "vitest";
import { WebSupervisor } from "@/lib/server/supervisor";

// The launcher's hold on its web server: one that dies is started again,
// with growing pauses; one that keeps dying at once is given up on, and the
// launcher says why and exits non-zero.

const script = (code: string) => ["-e", code];

describe("the web server's supervisor", () => {
  it("gives up after repeated quick deaths, naming the cause", async () => {
    const lines: string[] = [];
    const supervisor = new WebSupervisor({
      args: script("process.exit(7)"),
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
      args: script(
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
          const child = (supervisor as unknown as { child?: ChildProcess }).child;
          if (child?.pid && !pids.includes(child.pid) && child.connected) pids.push(child.pid);
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
         const s = new WebSupervisor({ args: ["--import", "tsx", "-e", "process.on('disconnect', () => process.exit(0)); console.log('child ' + process.pid); setInterval(() => {}, 1000)"], env: process.env, log: console.log, stopTimeoutMs: 1000 });
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
});
