import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cacheClassOf, routeOf, ROUTE_CACHE_CLASSES } from "@/lib/server/route-cache";

// The page cache answers every signed-out reader alike, so every route must
// say whether it may be shared. A route added to app/ without a class fails
// here before it can leak into the cache.

const APP = path.join(import.meta.dirname, "../../app");
const ROUTE_FILE = /^(?:page\.tsx|route\.tsx?|opengraph-image\.tsx|robots\.ts|sitemap\.ts)$/;

function routesInApp(dir = APP, segments: string[] = []): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // Route groups "(name)" and private folders "_name" add no segment.
      if (entry.name.startsWith("_")) continue;
      const next = /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name];
      found.push(...routesInApp(path.join(dir, entry.name), next));
    } else if (ROUTE_FILE.test(entry.name)) {
      const name = entry.name.replace(/\.tsx?$/, "");
      const tail = name === "robots" ? ["robots.txt"] : name === "sitemap" ? ["sitemap.xml"] : [];
      const withFile = name === "opengraph-image" ? [...segments, name] : [...segments, ...tail];
      found.push(`/${withFile.join("/")}`);
    }
  }
  return found;
}

/** A request path that lands on the pattern: each dynamic segment filled in. */
const sampleOf = (pattern: string) =>
  pattern.replace(/\[\.\.\.[^\]]+\]/g, "some/thing").replace(/\[[^\]]+\]/g, "x1");

describe("every route in app/ has a page-cache class", () => {
  const classified = Object.keys(ROUTE_CACHE_CLASSES).sort();

  it("and the table names no route that is gone", () => {
    expect([...new Set(routesInApp())].sort()).toEqual(classified);
  });

  it("a request lands on its own route, as Next's precedence has it", () => {
    for (const pattern of classified) expect(routeOf(sampleOf(pattern))?.pattern, pattern).toBe(pattern);
    expect(routeOf("/papers/trending")?.pattern).toBe("/papers/trending");
    expect(routeOf("/papers/2405.15738")?.pattern).toBe("/papers/[id]");
    expect(routeOf("/api/no/such/thing")?.pattern).toBe("/api/[...path]");
    expect(routeOf("/no-such-page")).toBeNull();
  });

  it("leaves personal pages, mutations and sign-in out of the cache", () => {
    for (const url of ["/me/upvotes", "/me/digest", "/admin", "/submit", "/signin", "/preferences"])
      expect(cacheClassOf(url), url).toBe("never");
    expect(cacheClassOf("/api/auth/session")).toBe("never");
    expect(cacheClassOf("/unsubscribe/one-click")).toBe("never");
    expect(cacheClassOf("/papers/2405.15738/")).toBe("never"); // Next redirects it
  });
});
