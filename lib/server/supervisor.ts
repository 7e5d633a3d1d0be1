import { spawn, type ChildProcess } from "node:child_process";
import cluster from "node:cluster";
import { webServerMessageSchema, type SchedulerState } from "./probes";
import { PORT_IN_USE_EXIT } from "./web-server";

// The launcher's web servers, supervised: child processes (Next must load
// without the launcher's react-server condition), each restarted with backoff
// when it dies, given up on (naming why) after repeated quick deaths, and
// never left behind: each hears from the launcher over IPC and stops when
// that channel closes, even when the launcher is killed outright.
//
// One web server is a plain child. Several (WEB_CONCURRENCY) are node:cluster
// workers, so they share one listening port: the launcher, as the cluster's
// primary, accepts connections and hands them round-robin to the workers.
// Each worker keeps its own search index and page cache, which converge
// through Postgres (the feed's version, the index's poll), and the launcher
// keeps the one scheduler, so the jobs run once however many workers serve.

export type SupervisorOptions = {
  /** Node's own flags (e.g. --import tsx, or -e with a script's text). */
  execArgv: string[];
  /** The script to run; required for more than one worker (cluster forks a file). */
  script?: string;
  args?: string[];
  /** Web server processes; each is supervised on its own. Default 1. */
  workers?: number;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** A run shorter than this is a quick death. */
  quickDeathMs?: number;
  /** Quick deaths in a row (of one worker) that make the launcher give up. */
  maxQuickDeaths?: number;
  /** First restart delay (doubling, up to 30 s). */
  firstDelayMs?: number;
  /** How long a stopping child may take before it is killed. */
  stopTimeoutMs: number;
};

export type SupervisorOutcome = { code: number; message?: string };

export class WebSupervisor {
  private readonly children = new Map<number, ChildProcess>();
  private readonly wakes = new Set<() => void>();
  private stopping = false;
  private schedulerState: SchedulerState = "starting";

  constructor(private readonly options: SupervisorOptions) {}

  /** The web servers' pids now (for tests and the log). */
  pids(): number[] {
    return [...this.children.values()].flatMap((c) => (c.pid && c.connected ? [c.pid] : []));
  }

  /** Tells the running web servers (and each one started later) the scheduler's state. */
  reportScheduler(state: SchedulerState): void {
    this.schedulerState = state;
    for (const child of this.children.values())
      if (child.connected) child.send({ scheduler: state }, () => {});
  }

  /**
   * Runs the web servers until stop() is called, or until one cannot be kept
   * running: then the others are stopped too, and the outcome says why.
   */
  async run(): Promise<SupervisorOutcome> {
    const workers = Math.max(1, this.options.workers ?? 1);
    if (workers > 1) {
      if (!this.options.script) throw new Error("several web server processes need a script to fork");
      cluster.setupPrimary({
        exec: this.options.script,
        execArgv: this.options.execArgv,
        args: this.options.args ?? [],
      });
    }
    const slots = Array.from({ length: workers }, (_, slot) => this.supervise(slot, workers > 1));
    const first = await Promise.race(slots);
    if (first.code !== 0 && !this.stopping) await this.stop();
    await Promise.all(slots);
    return first;
  }

  private start(clustered: boolean): ChildProcess {
    const env = this.options.env;
    if (clustered) return cluster.fork(env).process;
    const { execArgv, script, args = [] } = this.options;
    return spawn(process.execPath, [...execArgv, ...(script ? [script] : []), ...args], {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      env,
    });
  }

  /** One web server, started again whenever it dies, until stop() or too many quick deaths. */
  private async supervise(slot: number, clustered: boolean): Promise<SupervisorOutcome> {
    const quickDeathMs = this.options.quickDeathMs ?? 30_000;
    const maxQuickDeaths = this.options.maxQuickDeaths ?? 5;
    const name = clustered ? `Web server ${slot + 1}` : "The web server";
    let quickDeaths = 0;
    let delay = this.options.firstDelayMs ?? 1_000;
    for (;;) {
      if (this.stopping) return { code: 0 };
      const started = Date.now();
      const child = this.start(clustered);
      this.children.set(slot, child);
      // A child that dies at once closes its channel before the message leaves (EPIPE): its
      // exit, below, is what counts, so a failed send is not an error of the launcher's.
      const tell = () => {
        if (child.connected) child.send({ scheduler: this.schedulerState }, () => {});
      };
      child.once("spawn", tell);
      child.on("message", (message) => {
        if (webServerMessageSchema.safeParse(message).success) tell();
      });
      const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolve) => child.once("exit", (c, s) => resolve({ code: c, signal: s })),
      );
      if (this.children.get(slot) === child) this.children.delete(slot);
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
          message: `${name} died ${quickDeaths} times in a row within ${Math.round(quickDeathMs / 1000)} s of starting (last: ${cause}); giving up.`,
        };
      }
      this.options.log(`${name} stopped (${cause}); starting it again in ${delay / 1000} s ...`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.wakes.delete(wake);
          resolve();
        };
        this.wakes.add(wake);
        setTimeout(wake, delay);
      });
      delay = Math.min(delay * 2, 30_000);
    }
  }

  /** Asks every web server to stop (each finishes requests under way), killing any past the timeout. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.wakes]) wake();
    await Promise.all([...this.children.values()].map((child) => this.stopChild(child)));
  }

  private async stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), this.options.stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
