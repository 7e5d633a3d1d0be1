import { readOrCreateLocalMailLinkSecret } from "@/lib/cli/local-secret";
import { getEnv, resetEnvCache } from "@/lib/env";
import { type EmbeddedPostgres, releaseEmbeddedPostgres, startEmbeddedPostgres } from "./embedded";

export type DatabaseHandle = {
  url: string;
  embedded?: EmbeddedPostgres;
  /** Stops the embedded server if this process is the last one using it; a no-op for DATABASE_URL. */
  release(): Promise<void>;
};

/**
 * The database for a CLI job or the launcher: DATABASE_URL when set, else the
 * embedded server (started if needed). Sets DATABASE_URL (and, on the embedded
 * server, MAIL_LINK_SECRET) for the rest of the process and for child processes.
 */
export async function connectDatabase(log: (line: string) => void = () => {}): Promise<DatabaseHandle> {
  const env = getEnv();
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, release: async () => {} };
  const embedded = await startEmbeddedPostgres({
    dataDir: env.PAPERBOY_DATA_DIR,
    port: env.PAPERBOY_DB_PORT,
    log,
  });
  process.env.DATABASE_URL = embedded.url;
  // A local install: every process on it signs mail links with the key kept beside its data.
  process.env.MAIL_LINK_SECRET ??= await readOrCreateLocalMailLinkSecret(env.PAPERBOY_DATA_DIR);
  resetEnvCache();
  return {
    url: embedded.url,
    embedded,
    release: async () => {
      const outcome = await releaseEmbeddedPostgres(embedded);
      log(
        outcome === "stopped"
          ? "Stopped the embedded database."
          : "Left the embedded database running: another Paperboy process uses it.",
      );
    },
  };
}
