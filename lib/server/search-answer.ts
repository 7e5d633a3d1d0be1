import type http from "node:http";
import zlib from "node:zlib";
import { appUrl } from "@/lib/env";
import { searchAnswerer } from "@/lib/search/index-state";
import fixedHeaders from "./fixed-headers.json";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "./security-headers";

// GET /api/search, answered here rather than through Next's route handler.
// The search itself runs in this process's memory (about 1 ms at the median
// on the Daily Papers set); through Next's handler the same request took
// 4.9 ms of server time one at a time (docs/decisions/011), so distinct searches,
// which no cache can answer, were mostly Next. The answer comes from the
// function app/api/search/route.ts calls, published by Next's side of the
// process (lib/search/index-state.ts); until it is, and under `npm run dev`,
// the route answers. Since no database is involved, searches go on being
// answered while Postgres is down.

export const SEARCH_API_PATH = "/api/search";

/** Answers a GET of /api/search; false when Next must answer. */
export function answerSearchFromMemory(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.method !== "GET" || req.headers.rsc) return false;
  const answerer = searchAnswerer();
  const url = new URL(req.url ?? "/", "http://paperboy.invalid");
  if (!answerer || url.pathname !== SEARCH_API_PATH) return false;
  const { status, json, headers } = answerer(url.searchParams);
  // The headers next.config.mjs and proxy.ts put on every answer.
  for (const { key, value } of fixedHeaders) res.setHeader(key, value);
  res.setHeader(
    "Content-Security-Policy",
    contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV !== "production" }),
  );
  const hsts = strictTransportSecurity(appUrl());
  if (hsts) res.setHeader("Strict-Transport-Security", hsts);
  for (const [key, value] of Object.entries(headers ?? {})) res.setHeader(key, value);
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Vary", "Accept-Encoding");
  // Next's header for a dynamic answer; the page cache makes it no-cache with an ETag where it is shared.
  res.setHeader("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate");
  let payload = Buffer.from(json);
  // As Next's compression does: gzip when the reader takes it (the page cache keys on the header).
  if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
    payload = zlib.gzipSync(payload);
    res.setHeader("Content-Encoding", "gzip");
  }
  res.setHeader("Content-Length", payload.length);
  res.writeHead(status);
  res.end(payload);
  return true;
}
