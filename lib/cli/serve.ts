// The web server: Next's request handler behind an HTTP server of our own,
// which answers readers who are not signed in from the page cache
// (lib/server/page-cache.ts). npm start runs this; so do the browser tests.
//   node --import tsx lib/cli/serve.ts [--dev] [--port N] [--hostname H]
import http from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import pg from "pg";
import { connectionName } from "@/lib/database/connection-name";
import { FeedVersionReader } from "@/lib/server/feed-version";
import { PageCache, captureResponse, sendCached } from "@/lib/server/page-cache";

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string" },
    hostname: { type: "string" },
  },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
const cacheMegabytes = Number(process.env.PAGE_CACHE_MB ?? 64);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`error: --port ${values.port} is not a port`);
  process.exit(2);
}

const app = next({ dev: values.dev, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const databaseUrl = process.env.DATABASE_URL;
const pool = databaseUrl
  ? new pg.Pool({
      connectionString: databaseUrl,
      max: 2,
      connectionTimeoutMillis: 2_000,
      application_name: connectionName(),
    })
  : null;
pool?.on("error", () => {}); // the page cache steps aside; proxy.ts answers the outage
const versions = pool && cacheMegabytes > 0 ? new FeedVersionReader(pool) : null;
const cache = new PageCache(cacheMegabytes * 1_048_576);

// The search index lives in this process (Next's modules keep it on globalThis).
const searchIndex = () =>
  (globalThis as { paperboySearchIndex?: { status?: string; revision?: number } }).paperboySearchIndex;
const searchReady = () => searchIndex()?.status === "ready";

const server = http.createServer((req, res) => {
  if (!versions || !PageCache.isCacheable(req, searchReady())) return void handle(req, res);
  // Read before the database's version: a change the index applies after this makes a new key.
  const revision = searchIndex()?.revision ?? 0;
  versions.current().then(
    (version) => {
      cache.observe(version);
      const key = PageCache.keyOf(req, PageCache.readsSearchIndex(req) ? `${version}.${revision}` : version);
      const hit = cache.get(key);
      if (hit) return sendCached(hit, req, res);
      const rendering = cache.inFlight(key);
      if (rendering) {
        return void rendering.then((entry) => (entry ? sendCached(entry, req, res) : handle(req, res)));
      }
      const settle = cache.begin(key);
      let settled = false;
      captureResponse(res, (entry) => {
        if (settled) return;
        settled = true;
        if (entry) cache.set(key, version, entry);
        settle(entry);
      });
      res.setHeader("x-paperboy-cache", "miss");
      void handle(req, res);
    },
    // No version (the database is down): no cache; Next and proxy.ts answer.
    () => void handle(req, res),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () =>
  console.log(`▲ Paperboy ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`),
);

const shutdown = () => {
  server.close();
  void pool?.end();
  setTimeout(() => process.exit(0), 2_000).unref();
  void app.close?.().finally(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
