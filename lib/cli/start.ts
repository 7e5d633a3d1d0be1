// npm start: the one command that runs Paperboy.
//   1. validates the environment (lib/env.ts), and that PORT is free,
//   2. connects to DATABASE_URL, or starts the embedded Postgres in PAPERBOY_DATA_DIR,
//   3. applies pending migrations,
//   4. imports the shipped sample into an empty database,
//   5. starts the scheduled jobs in this process (digest, fetch, housekeeping; unless DIGEST_WORKER=off),
//   6. builds the app if the sources changed since the last build,
//   7. serves it (lib/cli/serve.ts as supervised children, WEB_CONCURRENCY of them
//      sharing the port through node:cluster: each restarted when it dies).
//      The scheduler stays here, in the launcher, so its jobs run once.
// SIGTERM or Ctrl-C: the web server stops accepting and finishes requests under
// way (SHUTDOWN_GRACE_SECONDS), the scheduler hands back the digest's unsent
// claims and stops, then the embedded database is released.
// npm run dev does the same with `next dev` and no build.
import { spawn } from "node:child_process";
import net from "node:net";
import os from "node:os";
import { parseArgs } from "node:util";
import { connectDatabase } from "@/lib/database/connect";
import { applyMigrations } from "@/lib/database/migrate";
import { disconnectDb } from "@/lib/db";
import { startScheduler, type Scheduler } from "@/lib/jobs/scheduler";
import { assertProductionEnv, getEnv, resetEnvCache } from "@/lib/env";
import { logger } from "@/lib/log";
import { closeMail } from "@/lib/mail/transport";
import { importFiles } from "@/lib/papers/import/import-files";
import { countPapers } from "@/lib/papers/queries";
import { WebSupervisor } from "@/lib/server/supervisor";
import { isBuildCurrent, writeBuildStamp } from "./build-stamp";
import { readOrCreateLocalSecret } from "./local-secret";
import { runCli } from "./run";

const NEXT_BIN = "node_modules/next/dist/bin/next";
const SAMPLE_DIR = "prisma/sample";

function exitCodeOf(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))));
}

/** Whether HOST:PORT can be listened on: said at once, before the database starts. */
function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

runCli(async (argv) => {
  let dev: boolean;
  try {
    dev = parseArgs({ args: argv, options: { dev: { type: "boolean" } } }).values.dev ?? false;
  } catch (error) {
    return { code: 2, message: `${(error as Error).message}\nusage: npm start | npm run dev` };
  }
  const env = getEnv();
  const log = (line: string) => logger("paperboy").info(line);
  if (!(await portIsFree(env.PORT, env.HOST)))
    return {
      code: 1,
      message: `error: port ${env.PORT} on ${env.HOST} is taken: another server (perhaps another Paperboy) listens there. Stop it, or set PORT.`,
    };
  const database = await connectDatabase(log);
  if (database.embedded) {
    // A local install: provide what a deployment would configure.
    process.env.NEXTAUTH_SECRET ??= await readOrCreateLocalSecret(env.PAPERBOY_DATA_DIR);
    process.env.NEXTAUTH_URL ??= env.APP_URL ?? `http://localhost:${env.PORT}`;
    resetEnvCache();
  }
  let scheduler: Scheduler | undefined;
  let build: ReturnType<typeof spawn> | undefined;
  let supervisor: WebSupervisor | undefined;
  let stopping = false;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      // The web server first (no new work comes in), then the jobs, then the database.
      await supervisor?.stop();
      supervisor?.reportScheduler("stopped");
      await scheduler
        ?.stop()
        .catch((error: unknown) =>
          logger("jobs").error(`could not stop the scheduler cleanly: ${String(error)}`),
        );
      await closeMail();
      await disconnectDb();
      await database.release();
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ...`);
    if (build && build.exitCode === null) build.kill("SIGTERM");
    if (supervisor) void supervisor.stop();
    else void cleanUp().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    assertProductionEnv({ ...getEnv(), NODE_ENV: dev ? "development" : "production" });
    const applied = await applyMigrations(database.url);
    if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);

    if (env.PAPERBOY_IMPORT_SAMPLE && (await countPapers()) === 0) {
      log(`The database is empty: importing the sample feed from ${SAMPLE_DIR} ...`);
      const summary = await importFiles([SAMPLE_DIR]);
      log(`Imported ${summary.inserted} papers from ${summary.files} days.`);
    }
    await disconnectDb();
    const inline = getEnv().DIGEST_WORKER === "inline";
    if (inline) scheduler = await startScheduler({ log: (line) => logger("jobs").info(line) });

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(env.PORT),
    };
    if (!dev && !(await isBuildCurrent())) {
      log("Building the app (first start, or the sources changed) ...");
      build = spawn(process.execPath, [NEXT_BIN, "build"], {
        stdio: "inherit",
        env: { ...childEnv, NODE_ENV: "production" },
      });
      const code = await exitCodeOf(build);
      if (code !== 0 || stopping)
        return { code: stopping ? 0 : code, message: stopping ? undefined : "The build failed." };
      await writeBuildStamp();
    }
    if (stopping) return { code: 0 };

    // next dev watches and rebuilds one .next of its own: one process.
    const workers = dev ? 1 : (env.WEB_CONCURRENCY ?? os.availableParallelism());
    log(
      `Serving on http://localhost:${env.PORT}${database.embedded ? " (embedded database)" : ""}${workers > 1 ? ` with ${workers} processes` : ""}`,
    );
    supervisor = new WebSupervisor({
      execArgv: ["--import", "tsx"],
      script: "lib/cli/serve.ts",
      args: dev ? ["--dev"] : [],
      workers,
      env: { ...childEnv, NODE_ENV: dev ? "development" : "production" },
      log,
      stopTimeoutMs: (env.SHUTDOWN_GRACE_SECONDS + 5) * 1000,
    });
    supervisor.reportScheduler(inline ? "running" : "off");
    const outcome = await supervisor.run();
    return outcome.message ? { code: outcome.code, message: `error: ${outcome.message}` } : outcome;
  } finally {
    await cleanUp();
  }
});
