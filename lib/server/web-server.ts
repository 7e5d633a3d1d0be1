import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import path from "node:path";
import next from "next";
import pg from "pg";
import { CLIENT_IP_HEADER, clientAddress } from "@/lib/auth/client-ip";
import { connectionName } from "@/lib/database/connection-name";
import { logger } from "@/lib/log";
import { searchIndexState } from "@/lib/search/index-state";
import { FeedVersionReader } from "./feed-version";
import {
  PageCache,
  captureResponse,
  etagOf,
  isNotModified,
  markShared,
  sendCached,
  sendNotModified,
} from "./page-cache";
import { PROBE_PATHS, answerProbe, type SchedulerState } from "./probes";
import { guardRequest, sendRefusal } from "./request-guard";
import { answerSignedOutReader, READER_PATH } from "./signed-out-reader";

// The web server: Next's request handler behind an HTTP server of our own,
// which answers shared routes from the page cache (page-cache.ts). lib/cli/serve.ts runs it; so do the browser tests.

export type WebServerOptions = {
  dev: boolean;
  port: number;
  hostname: string;
  /** 0: no page cache. */
  pageCacheBytes: number;
  databaseUrl: string | undefined;
  searchEnabled: boolean;
  /** TRUST_PROXY_HOPS: see lib/auth/client-ip.ts. */
  trustProxyHops: number;
  /** What the launcher says of its scheduled jobs ("elsewhere" when run on its own). */
  scheduler?: () => SchedulerState;
};

export type WebServer = {
  server: http.Server;
  /** Stops accepting, lets requests under way finish for up to graceMs, then closes the rest. */
  close(graceMs: number): Promise<void>;
};

/** serve.ts's exit code when its port is taken: the launcher then stops instead of trying again. */
export const PORT_IN_USE_EXIT = 3;

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly hostname: string,
  ) {
    super(
      `Port ${port} on ${hostname} is taken: another server (perhaps another Paperboy) listens there. Stop it, or set PORT.`,
    );
  }
}

/** Next's build id (a new one every `next build`); in development, this process's start. */
function buildIdOf(dev: boolean): string {
  if (!dev) {
    try {
      return fs.readFileSync(path.join(process.cwd(), ".next", "BUILD_ID"), "utf8").trim();
    } catch {
      // No build to read: fall through to a value of this process alone.
    }
  }
  return `dev-${process.pid}-${Date.now()}`;
}

const pathOf = (req: http.IncomingMessage) => (req.url ?? "/").split("?")[0]!;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = logger("http");
  const app = next({ dev: options.dev, dir: process.cwd(), hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();

  const pool = options.databaseUrl
    ? new pg.Pool({
        connectionString: options.databaseUrl,
        max: 2,
        connectionTimeoutMillis: 2_000,
        application_name: connectionName(),
      })
    : null;
  pool?.on("error", () => {}); // the page cache steps aside; proxy.ts answers the outage
  const versions = pool && options.pageCacheBytes > 0 ? new FeedVersionReader(pool) : null;
  const cache = new PageCache(options.pageCacheBytes);
  const searchReady = () => searchIndexState()?.status === "ready";
  const build = buildIdOf(options.dev);

  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (pathOf(req) === READER_PATH && answerSignedOutReader(req, res)) return;
    if (!versions || !PageCache.isCacheable(req, searchReady())) return void handle(req, res);
    // Read before the database's version: a change the index applies after this makes a new key.
    const revision = searchIndexState()?.revision ?? 0;
    versions.current().then(
      (version) => {
        cache.observe(version);
        const key = PageCache.keyOf(
          req,
          PageCache.readsSearchIndex(req) ? `${version}.${revision}` : version,
        );
        const hit = cache.get(key);
        if (hit) return sendCached(hit, req, res);
        // The reader holds this very version (from this instance before a restart, or another
        // with the same search revision): no need to render it again.
        const etag = etagOf(build, key);
        if (isNotModified(req, { etag })) return sendNotModified(res, etag);
        markShared(res, etag);
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
  };

  // Listen first, so that a port already taken is known at once rather than
  // after Next has prepared; requests that arrive meanwhile wait for it.
  let nextReady = false;
  let stopping = false;
  const probeContext = {
    nextReady: () => nextReady && !stopping,
    searchEnabled: options.searchEnabled,
    scheduler: options.scheduler ?? (() => "elsewhere" as const),
  };
  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? "/").split("?")[0]!;
    // One line a request, once it is answered. The path only: query strings carry tokens.
    res.once("close", () => {
      log.info(
        {
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
          cache: String(res.getHeader("x-paperboy-cache") ?? "none"),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        "request",
      );
    });
    if (stopping) res.setHeader("Connection", "close");
    req.headers[CLIENT_IP_HEADER] = clientAddress(
      req.socket.remoteAddress,
      req.headers["x-forwarded-for"],
      options.trustProxyHops,
    );
    if (PROBE_PATHS.has(path) && (req.method === "GET" || req.method === "HEAD"))
      return void answerProbe(path, res, probeContext);
    void guardRequest(req).then(
      (outcome) => {
        if ("refusal" in outcome) return sendRefusal(res, outcome.refusal);
        void prepared.then(
          () => answer(outcome.request, res),
          () => {
            res.statusCode = 503;
            res.end();
          },
        );
      },
      () => res.destroy(),
    );
  });
  server.keepAliveTimeout = 65_000;
  const listening = new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new PortInUseError(options.port, options.hostname) : error),
    );
    server.listen(options.port, options.hostname, () => resolve());
  });
  const prepared = listening.then(() => app.prepare());
  await prepared;
  nextReady = true;
  const shown = options.hostname === "0.0.0.0" ? "localhost" : options.hostname;
  log.info(`▲ Paperboy ready on http://${shown}:${(server.address() as net.AddressInfo).port}`);

  let closing: Promise<void> | undefined;
  return {
    server,
    close: (graceMs) =>
      (closing ??= (async () => {
        stopping = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        await app.close?.();
        await pool?.end().catch(() => {});
      })()),
  };
}
