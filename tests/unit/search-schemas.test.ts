import { describe, expect, it } from "vitest";
import { searchParamsSchema, searchQueryString, suggestParamsSchema } from "@/lib/search/schemas";

describe("search URL parameters", () => {
  it("writes a search back with every filter, so its RSS link keeps them", () => {
    const url = "q=sparse+pruning&from=2026-01-01&to=2026-02-01&org=Stanford+University&min_upvotes=0";
    const params = searchParamsSchema.parse(Object.fromEntries(new URLSearchParams(url)));
    expect(searchQueryString(params)).toBe(url);
    expect(
      searchParamsSchema.parse(Object.fromEntries(new URLSearchParams(searchQueryString(params)))),
    ).toEqual(params);
    const sorted = searchParamsSchema.parse({ q: "x", sort: "newest", p: "3" });
    expect(searchQueryString(sorted)).toBe("q=x");
    expect(searchQueryString(sorted, { sortAndPage: true })).toBe("q=x&sort=newest&p=3");
  });

  it("reads the whole state from the URL", () => {
    const params = Object.fromEntries(
      new URLSearchParams(
        "q=sparse+pruning&from=2026-01-01&to=2026-02-01&org=nvidia&min_upvotes=10&sort=upvotes&limit=10&p=2",
      ),
    );
    expect(searchParamsSchema.parse(params)).toEqual({
      q: "sparse pruning",
      from: "2026-01-01",
      to: "2026-02-01",
      org: "nvidia",
      minUpvotes: 10,
      sort: "upvotes",
      limit: 10,
      page: 2,
    });
  });

  it("fills defaults and clamps numbers out of range instead of failing", () => {
    expect(searchParamsSchema.parse({})).toEqual({
      q: "",
      from: null,
      to: null,
      org: null,
      minUpvotes: null,
      sort: "relevance",
      limit: 20,
      page: 1,
    });
    expect(
      searchParamsSchema.parse({ limit: "100000", p: "-4", min_upvotes: "-3", sort: "weird" }),
    ).toMatchObject({ limit: 50, page: 1, minUpvotes: 0, sort: "relevance" });
    expect(searchParamsSchema.parse({ limit: "abc", p: "1e400", min_upvotes: "x" })).toMatchObject({
      limit: 20,
      page: 1,
      minUpvotes: null,
    });
    expect(searchParamsSchema.parse({ q: ["first", "second"], from: "" })).toMatchObject({
      q: "first",
      from: null,
    });
  });

  it("refuses a date that is not a calendar day, or a range that ends before it starts", () => {
    expect(searchParamsSchema.safeParse({ from: "2026-02-30" }).success).toBe(false);
    expect(searchParamsSchema.safeParse({ to: "yesterday" }).success).toBe(false);
    expect(searchParamsSchema.safeParse({ from: "2026-03-01", to: "2026-02-01" }).success).toBe(false);
  });

  it("passes any query text through (the index cuts it), including 10,000 characters", () => {
    expect(searchParamsSchema.parse({ q: "x".repeat(10_000) }).q).toHaveLength(10_000);
    expect(suggestParamsSchema.parse({ q: "diff", limit: "99" })).toEqual({ q: "diff", limit: 20 });
  });
});
