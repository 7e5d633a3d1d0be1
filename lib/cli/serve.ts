// The web server as its own process (npm start runs it as a child; so do the
// browser tests):
//   node --import tsx lib/cli/serve.ts [--dev] [--port N] [--hostname H]
// --port and --hostname override PORT and HOST. Exit 3 when the port is taken.
import { parseArgs } from "node:util";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { launcherMessageSchema, type SchedulerState } from "@/lib/server/probes";
import { PORT_IN_USE_EXIT, PortInUseError, startWebServer, type WebServer } from "@/lib/server/web-server";

const flagsSchema = z.object({
  dev: z.boolean(),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  hostname: z.string().min(1).optional(),
});

let web: WebServer | undefined;
let stopping = false;
// Stop accepting, let requests under way finish (SHUTDOWN_GRACE_SECONDS), exit.
function shutdown(): void {
  if (stopping) return;
  stopping = true;
  if (!web) process.exit(0);
  void web.close(getEnv().SHUTDOWN_GRACE_SECONDS * 1000).finally(() => process.exit(0));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dev: { type: "boolean", default: false },
      port: { type: "string" },
      hostname: { type: "string" },
    },
  });
  const flags = flagsSchema.safeParse(values);
  if (!flags.success) {
    console.error(`error: --port must be a port (1-65535), --hostname an address`);
    process.exit(2);
  }
  const env = getEnv();
  // Run by the launcher, this process hears from it over IPC: the state of
  // its scheduler (for /readyz). And it must not outlive it: when the
  // channel closes (the launcher died, even by SIGKILL), it stops.
  let scheduler: SchedulerState = process.send ? "starting" : "elsewhere";
  process.on("message", (message) => {
    const parsed = launcherMessageSchema.safeParse(message);
    if (parsed.success) scheduler = parsed.data.scheduler;
  });
  process.send?.({ ask: "scheduler" });
  process.on("disconnect", () => {
    console.error("[paperboy] the launcher is gone: stopping.");
    shutdown();
  });
  web = await startWebServer({
    dev: flags.data.dev,
    port: flags.data.port ?? env.PORT,
    hostname: flags.data.hostname ?? env.HOST,
    pageCacheBytes: env.PAGE_CACHE_MB * 1_048_576,
    databaseUrl: env.DATABASE_URL,
    searchEnabled: env.PAPERBOY_SEARCH === "on",
    trustProxyHops: env.TRUST_PROXY_HOPS,
    scheduler: () => scheduler,
  });
  if (stopping) await web.close(0).finally(() => process.exit(0));
}

main().catch((error: unknown) => {
  if (error instanceof PortInUseError) {
    console.error(`error: ${error.message}`);
    process.exit(PORT_IN_USE_EXIT);
  }
  if (error instanceof Error && error.message.startsWith("Invalid environment")) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
