import { setTimeout as sleep } from "node:timers/promises";
import { spawn } from "node:child_process";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { importFiles } from "@/lib/papers/import/import-files";
import { freePort, isListening, TEST_MAIL_LINK_SECRET, TEST_NEXTAUTH_SECRET } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { isRunning, pidOf, pidsOf } from "../helpers/processes";

// npm start with WEB_CONCURRENCY=2: two web server processes share the port
// (node:cluster), each answering with its own page cache and search index; a
// change to the feed is seen through both on the next request; the scheduler
// runs once, in the launcher; a killed worker is started again; and SIGTERM
// stops every process.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase("paperboy_workers");
  await importFiles(["prisma/sample"]);
  await disconnectDb();
});

afterAll(async () => {
  await database?.drop();
});

type Answer = { status: number; body: string; headers: http.IncomingHttpHeaders };

function get(base: string, path: string, agent: http.Agent | false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { agent, timeout: 10_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on("error", reject);
  });
}

/** The pid that answers /healthz on a fresh connection (the primary deals connections round-robin). */
async function pidOnNewConnection(base: string): Promise<number> {
  const answer = await get(base, "/healthz", false);
  return (JSON.parse(answer.body) as { pid: number }).pid;
}

/** A connection held open to the worker with this pid: new ones are made until one lands there (once it listens). */
async function agentFor(base: string, pid: number): Promise<http.Agent> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const answer = await get(base, "/healthz", agent).catch(() => null);
    if (answer && (JSON.parse(answer.body) as { pid: number }).pid === pid) return agent;
    agent.destroy();
    if (!answer) await sleep(500);
  }
  throw new Error(`no connection reached worker ${pid}`);
}

describe("WEB_CONCURRENCY=2", () => {
  it(
    "serves from two processes that converge, runs the scheduler once, restarts a dead worker, and stops all on SIGTERM",
    { timeout: 300_000 },
    async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: "127.0.0.1",
        WEB_CONCURRENCY: "2",
        FETCH_CRON: "off",
        NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
        MAIL_LINK_SECRET: TEST_MAIL_LINK_SECRET,
        NEXTAUTH_URL: base,
        APP_URL: base,
      };
      const start = spawn("npm", ["start"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      start.stdout.on("data", (d: Buffer) => (output += d.toString()));
      start.stderr.on("data", (d: Buffer) => (output += d.toString()));
      const group = start.pid!;
      const agents: http.Agent[] = [];
      try {
        await expect
          .poll(() => pidsOf(group, "lib/cli/serve.ts").length, { timeout: 120_000, interval: 500 })
          .toBe(2);
        const workers = pidsOf(group, "lib/cli/serve.ts").sort();
        // Both answer, each ready with its own search index.
        for (const pid of workers) {
          const agent = await agentFor(base, pid);
          agents.push(agent);
          await expect
            .poll(async () => JSON.parse((await get(base, "/readyz", agent)).body) as object, {
              timeout: 120_000,
              interval: 500,
            })
            .toMatchObject({ status: "ready", searchIndex: "ready", scheduler: "running" });
        }
        const seen = new Set<number>();
        for (let i = 0; i < 10; i++) seen.add(await pidOnNewConnection(base));
        expect([...seen].sort()).toEqual(workers);

        // The day page, cached in each worker; then the feed changes in Postgres (as another
        // process's import would): the next request to either worker shows it.
        const [a, b] = agents as [http.Agent, http.Agent];
        const day = "/papers/date/2026-03-31";
        const paper = await db().paper.findFirstOrThrow({
          where: { feedDate: new Date("2026-03-31T00:00:00Z") },
          orderBy: { upvotes: "desc" },
        });
        for (const agent of [a, b]) {
          await get(base, day, agent);
          const again = await get(base, day, agent);
          expect(again.headers["x-paperboy-cache"]).toBe("hit");
          expect(again.body).toContain(paper.title.slice(0, 30));
        }
        const title = "Zebra-striped capybaras converge across two workers";
        await db().paper.update({ where: { id: paper.id }, data: { title } });
        for (const agent of [a, b]) expect((await get(base, day, agent)).body).toContain(title);
        // Search too, each worker's index on its next poll (2 s).
        for (const agent of [a, b])
          await expect
            .poll(async () => (await get(base, "/api/search?q=zebra+striped+capybaras", agent)).body, {
              timeout: 10_000,
            })
            .toContain(paper.id);

        // The scheduler: once, in the launcher, not in each worker.
        expect(output.match(/digest scheduled \(/g)).toHaveLength(1);
        const launcher = pidOf(group, "lib/cli/start.ts")!;
        const boss = await db().$queryRaw<{ pid: string }[]>`
          SELECT DISTINCT substring(application_name from 'paperboy:(\\d+)') AS pid FROM pg_stat_activity
          WHERE datname = current_database() AND query ILIKE '%pgboss%' AND pid <> pg_backend_pid()`;
        expect(boss.length).toBeGreaterThan(0);
        for (const row of boss) expect(Number(row.pid)).toBe(launcher);

        // A worker killed outright is started again; the other serves meanwhile.
        for (const agent of agents) agent.destroy();
        process.kill(workers[0]!, "SIGKILL");
        await expect
          .poll(() => output, { timeout: 10_000 })
          .toMatch(/Web server \d stopped \(killed by SIGKILL\); starting it again/);
        expect((await get(base, "/healthz", false)).status).toBe(200);
        await expect
          .poll(() => pidsOf(group, "lib/cli/serve.ts").length, { timeout: 60_000, interval: 500 })
          .toBe(2);
        const restarted = pidsOf(group, "lib/cli/serve.ts");
        expect(restarted).toContain(workers[1]);
        expect(restarted).not.toContain(workers[0]);

        // SIGTERM to the launcher: every worker finishes and exits, then the launcher.
        const exited = new Promise<number | null>((resolve) => start.once("exit", (code) => resolve(code)));
        process.kill(launcher, "SIGTERM");
        await expect.poll(() => isListening(port), { timeout: 30_000 }).toBe(false);
        for (const pid of [...restarted, launcher])
          await expect.poll(() => isRunning(pid), { timeout: 30_000 }).toBe(false);
        expect(await exited).not.toBeNull();
        expect(pidsOf(group, "lib/cli/serve.ts")).toEqual([]);
      } finally {
        for (const agent of agents) agent.destroy();
        try {
          process.kill(-group, "SIGKILL");
        } catch {
          // gone
        }
      }
    },
  );
});
