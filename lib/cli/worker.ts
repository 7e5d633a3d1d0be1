// npm run worker: the scheduled jobs (digest and fetch) on their own, for deployments that run
// the web server and the worker apart (set DIGEST_WORKER=off on the web side).
// Several workers may run at once: they share the pg-boss queue, and the
// delivery table's claims keep them from sending anything twice.
import { connectDatabase } from "@/lib/database/connect";
import { applyMigrations } from "@/lib/database/migrate";
import { disconnectDb } from "@/lib/db";
import { startScheduler } from "@/lib/jobs/scheduler";
import { closeMail } from "@/lib/mail/transport";
import { runCli } from "./run";

runCli(async () => {
  const database = await connectDatabase(console.error);
  try {
    await applyMigrations(database.url);
    const scheduler = await startScheduler();
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    console.log("[jobs] stopping: finishing the messages and the fetch in flight ...");
    await scheduler.stop();
    return { code: 0, message: "[jobs] worker stopped." };
  } finally {
    await closeMail();
    await disconnectDb();
    await database.release();
  }
});
