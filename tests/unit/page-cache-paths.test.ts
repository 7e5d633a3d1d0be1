import type http from "node:http";
import { describe, expect, it } from "vitest";
import { PageCache } from "@/lib/server/page-cache";

// Which paths the page cache keeps, and which of those are keyed by the
// search index too: paper pages of both id forms included.

const get = (url: string, headers: http.IncomingHttpHeaders = {}) =>
  ({ method: "GET", url, headers }) as http.IncomingMessage;

describe("the page cache's path rules", () => {
  it("caches a modern paper page, keyed by the search index", () => {
    expect(PageCache.isCacheable(get("/papers/2405.15738"), true)).toBe(true);
    expect(PageCache.readsSearchIndex(get("/papers/2405.15738"))).toBe(true);
  });

  it("leaves an old-style paper page and every edit page uncached", () => {
    for (const url of [
      "/papers/hep-th/0101001",
      "/papers/hep-th/0101001/edit",
      "/papers/2405.15738/edit",
      "/papers/hep-th/0101001?x=1",
    ])
      expect(PageCache.isCacheable(get(url), true)).toBe(false);
  });

  it("keys an old-style id written as one segment by the search index, as a paper page", () => {
    expect(PageCache.isCacheable(get("/papers/hep-th%2F0101001"), true)).toBe(true);
    expect(PageCache.readsSearchIndex(get("/papers/hep-th%2F0101001"))).toBe(true);
    expect(PageCache.isCacheable(get("/papers/hep-th%2F0101001"), false)).toBe(false);
  });

  it("keeps feed pages off the search index's key, and lets signed-in readers in, but not to personal routes", () => {
    expect(PageCache.readsSearchIndex(get("/papers/date/2026-03-31"))).toBe(false);
    expect(PageCache.readsSearchIndex(get("/papers/week/2026-W14"))).toBe(false);
    expect(PageCache.readsSearchIndex(get("/papers/month"))).toBe(false);
    expect(
      PageCache.isCacheable(get("/papers/2405.15738", { cookie: "next-auth.session-token=abc" }), true),
    ).toBe(true);
    expect(PageCache.isCacheable(get("/submit", { cookie: "next-auth.session-token=abc" }), true)).toBe(
      false,
    );
    expect(PageCache.isCacheable(get("/api/me", { cookie: "next-auth.session-token=abc" }), true)).toBe(
      false,
    );
    expect(PageCache.isCacheable(get("/submit"), true)).toBe(false);
  });
});
