import { z } from "zod";

// The one place that reads process.env. Parsed once, on first use; the launcher
// (lib/cli/start.ts) calls getEnv() before anything else so bad settings stop
// start-up with a message instead of failing on the first request.

const port = z.coerce.number().int().min(1).max(65535);
const secret = z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)");

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
  // The address the web server listens on (0.0.0.0: every interface; 127.0.0.1
  // behind a proxy on the same machine). Not HOSTNAME: containers set that to
  // their own id, and the server would listen on that address only.
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  // Memory for rendered pages kept for readers who are not signed in, in
  // megabytes (a whole number; 0 turns the page cache off).
  PAGE_CACHE_MB: z.coerce
    .number({ error: "must be a whole number of megabytes, such as 64 (0: off)" })
    .int("must be a whole number of megabytes, such as 64 (0: off)")
    .min(0)
    .max(65_536)
    .default(64),
  // The in-memory search index: on, or off in a process that must not hold it
  // (its memory grows with the papers; search then answers "warming").
  PAPERBOY_SEARCH: z.enum(["on", "off"]).default("on"),
  // Web server processes npm start runs (node:cluster workers sharing PORT).
  // Unset: one per core (os.availableParallelism()); 1: a single process.
  WEB_CONCURRENCY: z.coerce
    .number({ error: "must be a whole number of processes, such as 2" })
    .int("must be a whole number of processes, such as 2")
    .min(1)
    .max(64)
    .optional(),
  // How long a stopping server (SIGTERM, Ctrl-C) lets requests under way finish.
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10),
  // Proxies in front that append to X-Forwarded-For (nginx with
  // $proxy_add_x_forwarded_for: 1). 0: the client is the socket's address and
  // the header is ignored, since anyone can write it. n: the n-th address from
  // the right of the header, the one the outermost trusted proxy saw.
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Logs: readable lines for a terminal, or one JSON object a line (pino's) for a collector.
  LOG_FORMAT: z.enum(["text", "json"]).default("text"),
  // The public address, for links in RSS and mail (e.g. https://papers.example.org). Default: http://localhost:PORT.
  APP_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  // Import the shipped sample feed when the database has no papers at all.
  PAPERBOY_IMPORT_SAMPLE: z.stringbool().default(true),

  // Signing key for sessions (next-auth). Required in production; npm start on
  // the embedded database creates one in PAPERBOY_DATA_DIR/secret.
  NEXTAUTH_SECRET: secret.optional(),
  // Signing key for the links in mails (confirm, unsubscribe, preferences),
  // apart from NEXTAUTH_SECRET: unsubscribe links never expire, so rotating the
  // session key must not void every one ever mailed. Required in production;
  // on the embedded database, kept in PAPERBOY_DATA_DIR/mail-link-secret.
  MAIL_LINK_SECRET: secret.optional(),
  // While rotating MAIL_LINK_SECRET: the earlier key(s), comma-separated, still
  // accepted on links already mailed and never used to sign new ones.
  MAIL_LINK_SECRET_PREVIOUS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(secret)),
  // The public address next-auth builds its callback URLs from. Required in production.
  NEXTAUTH_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),

  // Sign-in with GitHub, offered when both are set (an OAuth app's client id and secret).
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  // Comma-separated addresses of the people who may hide and edit papers.
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),

  // Mail: an SMTP server as a URL (smtp://user:pass@host:587, smtps://... for TLS).
  // Unset: mails are written to PAPERBOY_DATA_DIR/outbox as .eml files.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Paperboy <paperboy@localhost>"),
  // Pooled connections to the SMTP server, and messages per second across them.
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  SMTP_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(200),
  // Serve /dev/outbox (the local outbox's mails) even in production. Off by
  // default there: the page shows every confirmation link to whoever opens it.
  PAPERBOY_DEV_OUTBOX: z.stringbool().optional(),

  // Fetching the feed (lib/papers/fetch): any server that speaks the Daily
  // Papers API (Hugging Face's, or another Paperboy), day by day.
  PAPERS_UPSTREAM_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .default("https://huggingface.co")
    .transform((s) => s.replace(/\/+$/, "")),
  // When the scheduler fetches (5-field cron, UTC), or off. Each run asks for
  // today and the FETCH_REFRESH_DAYS days before it: upvotes keep moving for days.
  FETCH_CRON: z
    .string()
    .trim()
    .regex(/^(off|\S+( +\S+){4})$/, "must be a cron expression of 5 fields, or off")
    .default("0 * * * *"),
  FETCH_REFRESH_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  // Politeness towards the upstream: requests a second, the wait for one
  // answer, the largest answer read, tries per request and the first retry's
  // delay (doubling). A day whose last try fails is recorded as failed.
  FETCH_RATE_PER_SECOND: z.coerce.number().min(0.01).max(100).default(2),
  FETCH_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(30),
  FETCH_MAX_RESPONSE_MB: z.coerce.number().min(0.01).max(512).default(20),
  FETCH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  FETCH_RETRY_DELAY_SECONDS: z.coerce.number().min(0).max(600).default(2),
  // The arXiv API, for submissions by arXiv id (called as ?id_list=ID).
  ARXIV_API_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .default("https://export.arxiv.org/api/query"),
  // arXiv asks its API's callers for at most one request every three seconds.
  ARXIV_RATE_PER_SECOND: z.coerce
    .number()
    .min(0.01)
    .max(100)
    .default(1 / 3),

  // The email digest (lib/digest). When it goes out: a 5-field cron expression
  // (minute hour day-of-month month weekday) read in DIGEST_TIMEZONE. Daily
  // subscribers get every tick's digest; weekly ones the first tick of each ISO week.
  DIGEST_CRON: z
    .string()
    .trim()
    .regex(/^\S+( +\S+){4}$/, "must be a cron expression of 5 fields: minute hour day month weekday")
    .default("0 8 * * 1-5"),
  DIGEST_TIMEZONE: z
    .string()
    .refine(isTimeZone, "must be an IANA time zone such as Europe/Paris")
    .default("UTC"),
  // inline: npm start runs the scheduler in its own process; off: run `npm run worker` elsewhere.
  DIGEST_WORKER: z.enum(["inline", "off"]).default("inline"),
  // Papers in a digest.
  DIGEST_PAPERS: z.coerce.number().int().min(1).max(50).default(10),
  // Tries per message before its delivery is marked failed (temporary SMTP errors, lost connections).
  DIGEST_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  // Wait before the first retry of a message; it doubles after each failure (capped at an hour).
  DIGEST_RETRY_DELAY_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  // Deliveries a worker claims at once, and messages it has in flight.
  DIGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  DIGEST_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  // How long a claim holds without the worker renewing it. A worker that dies
  // leaves its claims to be taken over after this; its in-flight messages are
  // the only ones that can go out twice.
  DIGEST_LEASE_SECONDS: z.coerce.number().min(1).max(86_400).default(120),
  // pg-boss: a run's expiry (the run stops claiming well before it), the job's
  // retries after a run that ended with failures, and the catch-up sweep's interval.
  DIGEST_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(1800),
  DIGEST_JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(2),
  DIGEST_JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  DIGEST_SWEEP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),

  // Housekeeping (lib/jobs/housekeeping.ts): when it runs (5-field cron, UTC),
  // and how many days of fetch run records it keeps.
  HOUSEKEEPING_CRON: z
    .string()
    .trim()
    .regex(/^\S+( +\S+){4}$/, "must be a cron expression of 5 fields")
    .default("23 3 * * *"),
  RUN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

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

/**
 * Settings a deployment must give: a production server with a made-up secret
 * would sign links anyone could forge.
 */
export function assertProductionEnv(env: Env = getEnv()): void {
  if (env.NODE_ENV !== "production") return;
  const missing = (["NEXTAUTH_SECRET", "NEXTAUTH_URL", "MAIL_LINK_SECRET"] as const).filter((k) => !env[k]);
  if (missing.length) {
    throw new Error(
      `Invalid environment:\n${missing.map((k) => `  ${k}: is required in production`).join("\n")}\n(npm start on the embedded database sets them for you; a deployment with DATABASE_URL sets them itself.)`,
    );
  }
}

/** For tests and the launcher, which set DATABASE_URL after resolving the embedded server. */
export function resetEnvCache(): void {
  cached = undefined;
}
