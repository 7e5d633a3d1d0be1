import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import pg from "pg";

// Shared by the benchmarks: the machine, medians, scratch databases, timed
// child processes. Benchmarks measure; tests assert. Nothing here is a test.

export const SHARED_DATA = process.env.PAPERBOY_SHARED_DATA ?? "../shared/data";
export const BENCH_SERVER_URL =
  process.env.BENCH_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function hasSharedData(): boolean {
  return (
    fs.existsSync(`${SHARED_DATA}/hf-daily-papers`) && fs.existsSync(`${SHARED_DATA}/arxiv-75k.jsonl.gz`)
  );
}

export async function machine(): Promise<Record<string, string | number>> {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL });
  await client.connect();
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  await client.end();
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: rows[0]!.v,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg()[0]!.toFixed(2),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export async function createScratchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: BENCH_SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: BENCH_SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export type ChildRun = { code: number; ms: number; stdout: string; stderr: string };

/** Runs a command to its end and times it. */
export function runTimed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? 1, ms: performance.now() - started, stdout, stderr }));
  });
}

export const tsxNode = (script: string, ...args: string[]) => [
  "--conditions=react-server",
  "--import",
  "tsx",
  script,
  ...args,
];

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}
