import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";

// Every page and API route under generated input: 2xx, 3xx or 4xx, never a
// 5xx, never a hang. FUZZ_RUNS sets the cases per route: 300 in CI (about
// 50 s for all routes on 2 cores); npm run bench runs 2,000 per route.

const baseUrl = inject("baseUrl");
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const CONCURRENCY = 8;

const nasty = fc.constantFrom(
  "",
  "%",
  "%E0%A4%A",
  "%00",
  "..",
  "../..",
  "%2e%2e%2f",
  "2025-02-30",
  "2025-W54",
  "2025-13",
  "-1",
  "1e309",
  "NaN",
  "Infinity",
  "0x10",
  "' OR 1=1 --",
  '"; DROP TABLE papers; --',
  "<script>alert(1)</script>",
  "😀🎉",
  "مرحبا",
  "\u202Etxt.exe",
  "a".repeat(5000),
  "２０２５-０１-０１",
);
const text = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
);
// Segments are sent percent-encoded (as a browser would), some raw escapes too.
const segment = fc.oneof(
  text.map((t) => encodeURIComponent(t)),
  nasty.filter((n) => n.includes("%") && !/[\s/?#]/.test(n)),
);
const query = fc
  .dictionary(
    fc.oneof(
      fc.constantFrom(
        "p",
        "limit",
        "date",
        "week",
        "month",
        "sort",
        "min_upvotes",
        "callbackUrl",
        "error",
        "q",
        "from",
        "to",
        "org",
      ),
      fc.string({ maxLength: 8 }),
    ),
    text,
    { maxKeys: 4 },
  )
  .map((params) => new URLSearchParams(params).toString());

const ROUTES: Record<string, fc.Arbitrary<string>> = {
  "/papers/date/:date": fc.tuple(segment, query).map(([s, q]) => `/papers/date/${s}?${q}`),
  "/papers/week/:week": fc.tuple(segment, query).map(([s, q]) => `/papers/week/${s}?${q}`),
  "/papers/month/:month": fc.tuple(segment, query).map(([s, q]) => `/papers/month/${s}?${q}`),
  "/papers/:id": fc.tuple(segment, query).map(([s, q]) => `/papers/${s}?${q}`),
  "/papers/date/2026-03-31?p=": text.map((t) => `/papers/date/2026-03-31?p=${encodeURIComponent(t)}`),
  "/?...": query.map((q) => `/?${q}`),
  "/api/daily_papers?...": query.map((q) => `/api/daily_papers?${q}`),
  "/feed.xml?...": query.map((q) => `/feed.xml?${q}`),
  "/signin?...": query.map((q) => `/signin?${q}`),
  "/me/upvotes?...": query.map((q) => `/me/upvotes?${q}`),
  "/search?...": query.map((q) => `/search?${q}`),
  "/api/search?...": query.map((q) => `/api/search?${q}`),
  "/api/search/suggest?...": query.map((q) => `/api/search/suggest?${q}`),
  "/api/search/feed.xml?...": query.map((q) => `/api/search/feed.xml?${q}`),
  "/subscribe/confirm?token=": text.map((t) => `/subscribe/confirm?token=${encodeURIComponent(t)}`),
  "/unsubscribe?token=": text.map((t) => `/unsubscribe?token=${encodeURIComponent(t)}`),
  "/preferences?token=": text.map((t) => `/preferences?token=${encodeURIComponent(t)}`),
  "/digest/daily/:date": fc.tuple(segment, query).map(([s, q]) => `/digest/daily/${s}?${q}`),
  "/digest/weekly/:week": fc.tuple(segment, query).map(([s, q]) => `/digest/weekly/${s}?${q}`),
};

async function statusOf(path: string): Promise<number> {
  const res = await fetch(baseUrl + path, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return res.status;
}

describe("routes under generated input", () => {
  for (const [route, paths] of Object.entries(ROUTES)) {
    it(`${route}: ${RUNS} cases, no 5xx, no hang`, { timeout: 300_000 }, async () => {
      const samples = fc.sample(paths, { numRuns: RUNS, seed: 42 });
      const failures: string[] = [];
      for (let i = 0; i < samples.length; i += CONCURRENCY) {
        const batch = samples.slice(i, i + CONCURRENCY);
        const statuses = await Promise.all(batch.map((p) => statusOf(p).catch((e: Error) => `${e.name}`)));
        statuses.forEach((s, j) => {
          if (typeof s !== "number" || s >= 500) failures.push(`${s} ${batch[j]!.slice(0, 200)}`);
        });
      }
      expect(failures).toEqual([]);
    });
  }
});
