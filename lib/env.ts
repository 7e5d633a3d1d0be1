import { z } from "zod";

// The one place that reads process.env. Parsed once, on first use; the launcher
// (lib/cli/start.ts) calls getEnv() before anything else so bad settings stop
// start-up with a message instead of failing on the first request.

const port = z.coerce.number().int().min(1).max(65535);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),

  // Database: a Postgres server of your own, or (unset) the embedded one in PAPERBOY_DATA_DIR.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  // Connections per process. Next, a CLI job and a worker each open their own pool.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Where the embedded Postgres, search snapshots and the mail outbox live.
  PAPERBOY_DATA_DIR: z.string().min(1).default(".data"),
  // Port of the embedded Postgres (listens on 127.0.0.1 only).
  PAPERBOY_DB_PORT: port.default(54329),

  // Web server.
  PORT: port.default(3000),
  // The public address, for links in RSS and mail (e.g. https://papers.example.org). Default: http://localhost:PORT.
  APP_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  // Import the shipped sample feed when the database has no papers at all.
  PAPERBOY_IMPORT_SAMPLE: z.stringbool().default(true),
});

export type Env = z.infer<typeof envSchema>;

/** Where readers reach Paperboy: APP_URL without a trailing slash. */
export function appUrl(env: Env = getEnv()): string {
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests and the launcher, which set DATABASE_URL after resolving the embedded server. */
export function resetEnvCache(): void {
  cached = undefined;
}
