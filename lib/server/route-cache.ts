// Every route in app/, and whether the page cache may answer it. The cache
// answers every reader alike, signed in or not, so a route classified
// "shared" must render nothing personal (that comes from /api/me, in the
// browser: lib/auth/reader.ts): this table is a security property,
// and tests/unit/route-cache.test.ts fails when a route in app/ is missing
// from it.
//
//   shared         the same answer for every reader, until the feed changes
//   shared-search  the same, but it reads this process's search index, so its key holds
//                  the index's revision and it is cached only once the index is ready
//   never          personal, a mutation, a redirect that depends on the moment, or rarely read

export type CacheClass = "shared" | "shared-search" | "never";

/** Route patterns as app/ spells them, route groups left out. */
export const ROUTE_CACHE_CLASSES = {
  "/": "shared",
  "/admin": "never",
  "/api/[...path]": "never",
  "/authors/[name]": "shared", // an author's papers: like a feed page, keyed by the feed's version
  "/api/auth/[...nextauth]": "never",
  "/api/daily_papers": "shared",
  "/api/me": "never", // the reader, their votes and digest: what shared pages leave out
  "/api/papers/[...id]": "never",
  "/api/papers/markdown": "never", // reached as /papers/{id}.md, which is cached as a paper page
  "/api/papers/search": "never",
  "/api/search": "shared-search",
  "/api/search/feed.xml": "shared-search",
  "/api/search/status": "never",
  "/api/search/suggest": "shared-search",
  "/dev/outbox": "never",
  "/dev/outbox/[name]": "never",
  "/digest/daily/[date]": "never",
  "/digest/weekly/[week]": "never",
  "/feed.xml": "shared",
  "/me/digest": "never",
  "/me/upvotes": "never",
  "/organizations/[handle]": "shared", // an organization's papers, likewise
  "/papers": "never",
  "/papers/[id]": "shared-search", // similar papers come from the index
  "/papers/[id]/[number]": "never", // old-style ids (hep-th/0101001): rare
  "/papers/[id]/[number]/edit": "never",
  "/papers/[id]/[number]/opengraph-image": "never",
  "/papers/[id]/edit": "never",
  "/papers/[id]/opengraph-image": "never",
  "/papers/date": "shared", // the day picker's redirect to the nearest day: a function of the feed
  "/papers/date/[date]": "shared",
  "/papers/month": "shared",
  "/papers/month/[month]": "shared",
  "/papers/trending": "shared",
  "/papers/week": "shared",
  "/papers/week/[week]": "shared",
  "/preferences": "never",
  "/robots.txt": "never",
  "/search": "shared-search",
  "/signin": "never",
  "/signin/confirm": "never",
  "/sitemap.xml": "never",
  "/sitemaps/[file]": "never",
  "/submit": "never",
  "/subscribe": "never",
  "/subscribe/confirm": "never",
  "/unsubscribe": "never",
  "/unsubscribe/one-click": "never",
} as const satisfies Record<string, CacheClass>;

type Segment = { kind: "static"; text: string } | { kind: "dynamic" } | { kind: "catch-all" };
type Route = { pattern: string; segments: Segment[]; cacheClass: CacheClass };

const ROUTES: Route[] = Object.entries(ROUTE_CACHE_CLASSES).map(([pattern, cacheClass]) => ({
  pattern,
  cacheClass,
  segments: splitPath(pattern).map((text): Segment => {
    if (/^\[\.\.\.[^\]]+\]$/.test(text)) return { kind: "catch-all" };
    if (/^\[[^\]]+\]$/.test(text)) return { kind: "dynamic" };
    return { kind: "static", text };
  }),
}));

const RANK = { static: 0, dynamic: 1, "catch-all": 2 } as const;

function splitPath(path: string): string[] {
  return path === "/" ? [] : path.slice(1).split("/");
}

function matches(route: Route, parts: string[]): boolean {
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    if (segment.kind === "catch-all") return parts.length > i && parts.slice(i).every(Boolean);
    const part = parts[i];
    if (!part) return false;
    if (segment.kind === "static" && segment.text !== part) return false;
  }
  return parts.length === route.segments.length;
}

/** Next's precedence: at the first place two routes differ, a static segment beats a dynamic one, which beats a catch-all. */
function moreSpecific(a: Route, b: Route): boolean {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const ra = a.segments[i] ? RANK[a.segments[i]!.kind] : -1;
    const rb = b.segments[i] ? RANK[b.segments[i]!.kind] : -1;
    if (ra !== rb) return ra < rb;
  }
  return false;
}

/** The route a request path (as sent, still %-encoded; no query) lands on, or null (a 404). */
export function routeOf(path: string): Route | null {
  const parts = splitPath(path);
  let best: Route | null = null;
  for (const route of ROUTES) {
    if (matches(route, parts) && (!best || moreSpecific(route, best))) best = route;
  }
  return best;
}

export function cacheClassOf(path: string): CacheClass {
  return routeOf(path)?.cacheClass ?? "never";
}
