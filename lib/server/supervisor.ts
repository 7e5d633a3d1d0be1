import { spawn, type ChildProcess } from "node:child_process";
import type { SchedulerState } from "./probes";
import { PORT_IN_USE_EXIT } from "./web-server";

// The launcher's web server, supervised: a child process (Next must load
// without the launcher's react-server condition), restarted with backoff when
// it dies, given up on (naming why) after repeated quick deaths, and never
// left behind: it hears from the launcher over IPC and stops when that
// channel closes, even when the launcher is killed outright.

export type SupervisorOptions = {
  args: string[];
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** A run shorter than this is a quick death. */
  quickDeathMs?: number;
  /** Quick deaths in a row that make the launcher give up. */
  maxQuickDeaths?: number;
  /** First restart delay (doubling, up to 30 s). */
  firstDelayMs?: number;
  /** How long a stopping child may take before it is killed. */
  stopTimeoutMs: number;
};

export type SupervisorOutcome = { code: number; message?: string };

export class WebSupervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private schedulerState: SchedulerState = "starting";
  private wake: (() => void) | undefined;

  constructor(private readonly options: SupervisorOptions) {}

  /** Tells the running web server (and each one started later) the scheduler's state. */
  reportScheduler(state: SchedulerState): void {
    this.schedulerState = state;
    if (this.child?.connected) this.child.send({ scheduler: state });
  }

  /** Runs the web server until stop() is called, or until it cannot be kept running. */
  async run(): Promise<SupervisorOutcome> {
    const quickDeathMs = this.options.quickDeathMs ?? 30_000;
    const maxQuickDeaths = this.options.maxQuickDeaths ?? 5;
    let quickDeaths = 0;
    let delay = this.options.firstDelayMs ?? 1_000;
    for (;;) {
      const started = Date.now();
      const child = spawn(process.execPath, this.options.args, {
        stdio: ["inherit", "inherit", "inherit", "ipc"],
        env: this.options.env,
      });
      this.child = child;
      child.once("spawn", () => child.send({ scheduler: this.schedulerState }));
      const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolve) => child.once("exit", (c, s) => resolve({ code: c, signal: s })),
      );
      this.child = undefined;
      if (this.stopping) return { code: 0 };
      if (code === PORT_IN_USE_EXIT)
        return { code: 1, message: "The web server could not listen: its port is taken." };
      const cause = signal ? `killed by ${signal}` : `exit code ${code}`;
      if (Date.now() - started < quickDeathMs) quickDeaths += 1;
      else {
        quickDeaths = 1;
        delay = this.options.firstDelayMs ?? 1_000;
      }
      if (quickDeaths >= maxQuickDeaths) {
        return {
          code: 1,
          message: `The web server died ${quickDeaths} times in a row within ${Math.round(quickDeathMs / 1000)} s of starting (last: ${cause}); giving up.`,
        };
      }
      this.options.log(`The web server stopped (${cause}); starting it again in ${delay / 1000} s ...`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, delay);
      });
      this.wake = undefined;
      if (this.stopping) return { code: 0 };
      delay = Math.min(delay * 2, 30_000);
    }
  }

  /** Asks the web server to stop (it finishes requests under way), killing it past the timeout. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), this.options.stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
