import { setTimeout as sleep } from "node:timers/promises";
import PgBoss from "pg-boss";
import { connectionName } from "@/lib/database/connection-name";

// pg-boss, the Postgres-backed queue every instance shares (schema pgboss):
// no other infrastructure, and a job runs once however many instances poll.

export const BOSS_SCHEMA = "pgboss";

export async function startBoss(databaseUrl: string, log: (line: string) => void): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    application_name: connectionName(),
    max: 3,
    schema: BOSS_SCHEMA,
  });
  boss.on("error", (error) => log(`pg-boss: ${error.message}`));
  await boss.start();
  return boss;
}

/** pg-boss's create_queue makes tables: two instances starting at once can deadlock on them. It is idempotent, so try again. */
export async function retryOnDeadlock(step: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 5 || (code !== "40P01" && code !== "23505")) throw error;
      await sleep(100 * attempt + Math.random() * 200);
    }
  }
}
