// npm run worker: the digest scheduler on its own, for deployments that run
// the web server and the worker apart (set DIGEST_WORKER=off on the web side).
// Several workers may run at once: they share the pg-boss queue, and the
// delivery table's claims keep them from sending anything twice.
import { connectDatabase } from "@/lib/database/connect";
import { applyMigrations } from "@/lib/database/migrate";
import { disconnectDb } from "@/lib/db";
import { startDigestScheduler } from "@/lib/digest/schedule";
import { closeMail } from "@/lib/mail/transport";
import { runCli } from "./run";

runCli(async () => {
  const database = await connectDatabase(console.error);
  try {
    await applyMigrations(database.url);
    const scheduler = await startDigestScheduler();
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    console.log("[digest] stopping: finishing the messages in flight ...");
    await scheduler.stop();
    return { code: 0, message: "[digest] worker stopped." };
  } finally {
    await closeMail();
    await disconnectDb();
    await database.release();
  }
});
