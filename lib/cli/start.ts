// npm start: the one command that runs Paperboy.
//   1. validates the environment (lib/env.ts),
//   2. connects to DATABASE_URL, or starts the embedded Postgres in PAPERBOY_DATA_DIR,
//   3. applies pending migrations,
//   4. imports the shipped sample into an empty database,
//   5. starts the scheduled jobs in this process (digest and fetch; unless DIGEST_WORKER=off),
//   6. builds the app if the sources changed since the last build,
//   7. serves it with `next start` on PORT; on exit stops the scheduler, then the embedded database.
// npm run dev does the same with `next dev` and no build.
import { spawn } from "node:child_process";
import { connectDatabase } from "@/lib/database/connect";
import { applyMigrations } from "@/lib/database/migrate";
import { disconnectDb } from "@/lib/db";
import { startScheduler, type Scheduler } from "@/lib/jobs/scheduler";
import { assertProductionEnv, getEnv, resetEnvCache } from "@/lib/env";
import { closeMail } from "@/lib/mail/transport";
import { importFiles } from "@/lib/papers/import/import-files";
import { countPapers } from "@/lib/papers/queries";
import { isBuildCurrent, writeBuildStamp } from "./build-stamp";
import { readOrCreateLocalSecret } from "./local-secret";
import { runCli } from "./run";

const NEXT_BIN = "node_modules/next/dist/bin/next";
const SAMPLE_DIR = "prisma/sample";

function runNext(args: string[], env: NodeJS.ProcessEnv): ReturnType<typeof spawn> {
  return spawn(process.execPath, [NEXT_BIN, ...args], { stdio: "inherit", env });
}

function exitCodeOf(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))));
}

runCli(async (argv) => {
  const dev = argv.includes("--dev");
  const env = getEnv();
  const log = (line: string) => console.log(`[paperboy] ${line}`);
  const database = await connectDatabase(log);
  if (database.embedded) {
    // A local install: provide what a deployment would configure.
    process.env.NEXTAUTH_SECRET ??= await readOrCreateLocalSecret(env.PAPERBOY_DATA_DIR);
    process.env.NEXTAUTH_URL ??= env.APP_URL ?? `http://localhost:${env.PORT}`;
    resetEnvCache();
  }
  assertProductionEnv({ ...getEnv(), NODE_ENV: dev ? "development" : "production" });
  let scheduler: Scheduler | undefined;
  let child: ReturnType<typeof spawn> | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await scheduler
        ?.stop()
        .catch((error: unknown) =>
          console.error(`[jobs] could not stop the scheduler cleanly: ${String(error)}`),
        );
      await closeMail();
      await disconnectDb();
      await database.release();
    })());
  // Ctrl-C at any point: the build or the server is asked to stop (and the
  // launcher follows it); before either runs, the launcher tidies up itself.
  const onSignal = () => {
    if (child && child.exitCode === null) child.kill("SIGTERM");
    else void cleanUp().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const applied = await applyMigrations(database.url);
    if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);

    if (env.PAPERBOY_IMPORT_SAMPLE && (await countPapers()) === 0) {
      log(`The database is empty: importing the sample feed from ${SAMPLE_DIR} ...`);
      const summary = await importFiles([SAMPLE_DIR]);
      log(`Imported ${summary.inserted} papers from ${summary.files} days.`);
    }
    await disconnectDb();
    if (getEnv().DIGEST_WORKER === "inline") scheduler = await startScheduler();

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(env.PORT),
    };
    if (!dev && !(await isBuildCurrent())) {
      log("Building the app (first start, or the sources changed) ...");
      child = runNext(["build"], { ...childEnv, NODE_ENV: "production" });
      const code = await exitCodeOf(child);
      if (code !== 0) return { code, message: "The build failed." };
      await writeBuildStamp();
    }

    log(`Serving on http://localhost:${env.PORT}${database.embedded ? " (embedded database)" : ""}`);
    child = spawn(
      process.execPath,
      ["--import", "tsx", "lib/cli/serve.ts", "--port", String(env.PORT), ...(dev ? ["--dev"] : [])],
      {
        stdio: "inherit",
        env: { ...childEnv, NODE_ENV: dev ? "development" : "production" },
      },
    );
    return { code: await exitCodeOf(child) };
  } finally {
    await cleanUp();
  }
});
