import { z } from "zod";
import { isoDateSchema } from "@/lib/papers/schemas";
import {
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
  SEARCH_MAX_PAGE,
  SEARCH_SORTS,
  SUGGEST_DEFAULT_LIMIT,
  SUGGEST_MAX_LIMIT,
  type SearchPapersParams,
} from "./search-index";

// The search URL's parameters (/search and GET /api/search share them), so a
// search can be bookmarked: ?q=&from=&to=&org=&min_upvotes=&sort=&limit=&p=.
// Numbers out of range are clamped, not refused: a hand-edited limit=1000
// still shows a page. A date that is not a calendar day, or a range that ends
// before it starts, is refused with a message (a 400).

/** Next's searchParams and URLSearchParams both allowed: a repeated key counts once, its first value. */
const first = (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value);
const blankToUndefined = (value: unknown) => {
  const v = first(value);
  return typeof v === "string" && v.trim() === "" ? undefined : v;
};

const clampedInt = (min: number, max: number, fallback: number) =>
  z.preprocess(blankToUndefined, z.unknown()).transform((v) => {
    const n = typeof v === "string" ? Number(v) : typeof v === "number" ? v : NaN;
    return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.trunc(n))) : fallback;
  });

export const searchParamsSchema = z
  .object({
    q: z.preprocess(first, z.string().optional()).transform((v) => v ?? ""),
    from: z.preprocess(blankToUndefined, isoDateSchema.optional()),
    to: z.preprocess(blankToUndefined, isoDateSchema.optional()),
    org: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
    min_upvotes: z.preprocess(blankToUndefined, z.unknown()).transform((v) => {
      const n = Number(v);
      return v === undefined || !Number.isFinite(n) ? undefined : Math.max(0, Math.trunc(n));
    }),
    sort: z.preprocess(first, z.enum(SEARCH_SORTS).catch("relevance").default("relevance")),
    limit: clampedInt(1, SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT),
    p: clampedInt(1, SEARCH_MAX_PAGE, 1),
  })
  .refine((s) => !s.from || !s.to || s.from <= s.to, { message: "from is after to", path: ["from"] })
  .transform((s): SearchPapersParams => ({
    q: s.q,
    from: s.from ?? null,
    to: s.to ?? null,
    org: s.org ?? null,
    minUpvotes: s.min_upvotes ?? null,
    sort: s.sort,
    limit: s.limit,
    page: s.p,
  }));

export const suggestParamsSchema = z.object({
  q: z.preprocess(first, z.string().optional()).transform((v) => v ?? ""),
  limit: clampedInt(1, SUGGEST_MAX_LIMIT, SUGGEST_DEFAULT_LIMIT),
});

/**
 * The query string of a search as its URL holds it (q and every filter; the
 * sort and page only when asked), so links made from a search keep it whole.
 */
export function searchQueryString(params: SearchPapersParams, { sortAndPage = false } = {}): string {
  const out = new URLSearchParams({ q: params.q });
  if (params.from) out.set("from", params.from);
  if (params.to) out.set("to", params.to);
  if (params.org) out.set("org", params.org);
  if (params.minUpvotes !== null && params.minUpvotes !== undefined)
    out.set("min_upvotes", String(params.minUpvotes));
  if (sortAndPage && params.sort && params.sort !== "relevance") out.set("sort", params.sort);
  if (sortAndPage && params.page && params.page > 1) out.set("p", String(params.page));
  return out.toString();
}
