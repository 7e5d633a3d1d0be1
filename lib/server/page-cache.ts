import crypto from "node:crypto";
import type http from "node:http";
import { cacheClassOf } from "./route-cache";

// Rendered responses of shared routes, kept in memory and keyed by the feed's
// version. They are the same for every reader, signed in or not (what is
// personal comes from /api/me, in the browser), so a session cookie, real or
// not, changes nothing here: a vote, an import or a hidden paper moves the
// version, so the next request renders afresh, in every instance. Answers
// that read this process's search index are keyed by its revision too, so
// one rendered before the index caught up is not served after it. What is
// cached is exactly what Next sent (compressed body and headers), so a hit
// costs no rendering and no compression.
//
// Shared answers carry validators: a weak ETag made from the cache key, which
// holds the feed's version, so it is known before rendering and a reader who
// already has this version gets a 304 without a render; and the RSS feeds'
// Last-Modified. They are `no-cache` rather than Next's `no-store`, so the
// browser keeps them for Back and Forward and asks again before reusing them.

export type CachedResponse = {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
  bytes: number;
};

const MAX_ENTRY_BYTES = 2 * 1_048_576;

const pathOf = (req: http.IncomingMessage) => (req.url ?? "").split("?")[0]!;

export class PageCache {
  private entries = new Map<string, CachedResponse>();
  /** Renders under way: concurrent misses of one key wait for the first instead of rendering it fifty times. */
  private pending = new Map<string, Promise<CachedResponse | undefined>>();
  private bytes = 0;
  private version = "";
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * GET of a shared page, by any reader; not a client-side navigation (RSC). Answers that read the search index (search, paper
   * pages with their similar papers) are cached only once it is ready, and
   * the caller keys them by the index's revision too.
   */
  static isCacheable(req: http.IncomingMessage, searchReady: boolean): boolean {
    if (req.method !== "GET" || req.headers.rsc || req.headers["next-router-prefetch"]) return false;
    // Which routes are shared, and which read the search index: lib/server/route-cache.ts.
    const cacheClass = cacheClassOf(pathOf(req));
    if (cacheClass === "never") return false;
    return searchReady || cacheClass !== "shared-search";
  }

  /** Whether the answer reads the search index: its key must then hold the index's revision too. */
  static readsSearchIndex(req: http.IncomingMessage): boolean {
    return cacheClassOf(pathOf(req)) === "shared-search";
  }

  static keyOf(req: http.IncomingMessage, version: string): string {
    return `${version} ${req.headers["accept-encoding"] ?? ""} ${req.url}`;
  }

  /** A newer version makes every entry stale: drop them all at once. */
  observe(version: string): void {
    if (version === this.version) return;
    this.version = version;
    this.entries.clear();
    this.bytes = 0;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Map order is insertion order: re-inserting makes this the most recent.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, version: string, entry: CachedResponse): void {
    if (version !== this.version || entry.bytes > MAX_ENTRY_BYTES) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.bytes;
    }
  }

  /** The render of `key` already under way, if any. */
  inFlight(key: string): Promise<CachedResponse | undefined> | undefined {
    return this.pending.get(key);
  }

  /** Marks `key` as being rendered; call the returned function with what came of it. */
  begin(key: string): (entry: CachedResponse | undefined) => void {
    let settle!: (entry: CachedResponse | undefined) => void;
    this.pending.set(key, new Promise((resolve) => (settle = resolve)));
    return (entry) => {
      this.pending.delete(key);
      settle(entry);
    };
  }

  stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }
}

/** Records what the handler writes to `res`; hands it over when the response ends well, undefined otherwise. */
export function captureResponse(
  res: http.ServerResponse,
  done: (entry: CachedResponse | undefined) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (overflow || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    size += buffer.length;
    if (size > MAX_ENTRY_BYTES) overflow = true;
    else chunks.push(buffer);
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    const result = end(chunk, ...rest);
    if (!overflow && res.statusCode === 200 && !res.hasHeader("set-cookie")) {
      const headers = { ...res.getHeaders() };
      delete headers["date"];
      done({ status: 200, headers, body: Buffer.concat(chunks), bytes: size });
    } else done(undefined);
    return result;
  }) as typeof res.end;
  // A response that never ends (the client went away) must not keep waiters waiting.
  res.once("close", () => done(undefined));
}

/**
 * The validator of a shared answer: the same build and key (version, URL,
 * encoding) make the same answer. The build is in it so that a reader's page
 * from before a deploy, whose scripts the new build no longer has, is sent again.
 */
export function etagOf(build: string, key: string): string {
  const digest = crypto.createHash("sha256").update(`${build}\n${key}`).digest("base64url");
  return `W/"${digest.slice(0, 27)}"`;
}

/** Whether the reader's copy is current: If-None-Match first, If-Modified-Since only without it. */
export function isNotModified(
  req: http.IncomingMessage,
  validators: { etag?: string; lastModified?: string },
): boolean {
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    if (!validators.etag) return false;
    return ifNoneMatch
      .split(",")
      .map((tag) => tag.trim())
      .some((tag) => tag === "*" || tag.replace(/^W\//, "") === validators.etag!.replace(/^W\//, ""));
  }
  const ifModifiedSince = req.headers["if-modified-since"];
  if (!ifModifiedSince || !validators.lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(validators.lastModified);
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

export function sendNotModified(res: http.ServerResponse, etag: string, lastModified?: string): void {
  res.setHeader("x-paperboy-cache", "hit"); // for the request log, which reads it with getHeader
  res.writeHead(304, {
    etag,
    "cache-control": SHARED_CACHE_CONTROL,
    ...(lastModified ? { "last-modified": lastModified } : {}),
    "x-paperboy-cache": "hit",
  });
  res.end();
}

const SHARED_CACHE_CONTROL = "no-cache";

/**
 * Before a shared answer's headers go out: its ETag, and `no-cache` where
 * Next would say `no-store` (which keeps a page out of the back/forward cache).
 */
export function markShared(res: http.ServerResponse, etag: string): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.writeHead = (...args: unknown[]) => {
    const status = typeof args[0] === "number" ? args[0] : res.statusCode;
    if (status === 200 && !res.hasHeader("set-cookie")) {
      res.setHeader("etag", etag);
      const cacheControl = String(res.getHeader("cache-control") ?? "");
      if (!cacheControl || /no-store/.test(cacheControl))
        res.setHeader("cache-control", SHARED_CACHE_CONTROL);
    }
    return writeHead(...args);
  };
}

export function sendCached(entry: CachedResponse, req: http.IncomingMessage, res: http.ServerResponse): void {
  const etag = entry.headers["etag"];
  const lastModified = entry.headers["last-modified"];
  if (
    etag &&
    isNotModified(req, { etag: String(etag), lastModified: lastModified ? String(lastModified) : undefined })
  ) {
    sendNotModified(res, String(etag), lastModified ? String(lastModified) : undefined);
    return;
  }
  // Set as well as passed to writeHead (over the stored "miss"): the request log reads it with getHeader.
  res.setHeader("x-paperboy-cache", "hit");
  res.writeHead(entry.status, { ...entry.headers, "x-paperboy-cache": "hit" });
  res.end(entry.body);
}
