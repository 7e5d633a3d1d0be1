import { describe, expect, it } from "vitest";
import { cutText, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseSearchQuery } from "@/lib/search/query";

describe("parsing a query", () => {
  it("finds the terms and the word being typed", () => {
    expect(parseSearchQuery("Diffusion Mod")).toMatchObject({
      terms: ["diffusion", "mod"],
      prefixLast: true,
      truncated: false,
    });
    expect(parseSearchQuery("diffusion model ")).toMatchObject({
      terms: ["diffusion", "model"],
      prefixLast: false,
      truncated: false,
    });
    expect(parseSearchQuery("diffusion mo")).toMatchObject({ terms: ["diffusion", "mo"], prefixLast: false });
    expect(parseSearchQuery("model language model")).toMatchObject({
      terms: ["model", "language"],
      prefixLast: false,
    });
  });

  it("turns nothing useful into no terms", () => {
    for (const q of ["", " ", "x", "the", "!!!", "🤖🤖", "\u0000", "'\"", undefined, null, 42, {}, ["a"]]) {
      expect(parseSearchQuery(q)).toMatchObject({ terms: [] });
    }
  });

  it("reads at most MAX_QUERY_LENGTH characters and MAX_QUERY_TERMS terms, and says so", () => {
    const long = parseSearchQuery("transformer ".repeat(1000));
    // Cut at 200 characters, inside the 17th word: the cut word is not "being typed".
    expect(long).toMatchObject({ terms: ["transformer", "transfor"], prefixLast: false, truncated: true });
    const many = parseSearchQuery(Array.from({ length: 30 }, (_, i) => `word${i}`).join(" "));
    expect(many.terms).toHaveLength(MAX_QUERY_TERMS);
    expect(many.truncated).toBe(true);
    expect(parseSearchQuery("a".repeat(MAX_QUERY_LENGTH)).truncated).toBe(false);
  });

  it("survives hostile input quickly", () => {
    const inputs = [
      "x".repeat(10_000),
      "🤖".repeat(5_000),
      "\u0000".repeat(10_000),
      "'; DROP TABLE papers; --",
      "(a+)+$ .* [ ] \\ ^ $ { } | ? * +",
      '"unclosed quote',
      "%_% ILIKE '%'",
      "مرحبا بالعالم نموذج لغوي كبير",
      "\u202eevil\u202c rtl override",
      "\ud800 lone surrogate \udfff",
      "e\u0301".repeat(3_000),
      `${"a-".repeat(5_000)}`,
    ];
    const started = performance.now();
    for (const q of inputs) {
      const parsed = parseSearchQuery(q);
      expect(parsed.terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
      for (const t of parsed.terms) expect(t).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
    }
    expect(performance.now() - started).toBeLessThan(500);
    expect(parseSearchQuery("'; DROP TABLE papers; --").terms).toEqual(["drop", "table", "paper"]);
    expect(parseSearchQuery("مرحبا بالعالم").terms).toEqual(["مرحبا", "بالعالم"]);
  });

  it("reads quoted phrases, and arXiv ids and links of any form", () => {
    expect(parseSearchQuery('"static worlds" agents')).toMatchObject({
      terms: ["static", "world", "agent"],
      phrases: [["static", "world"]],
      prefixLast: true,
    });
    expect(parseSearchQuery("\u201cchain of thought\u201d").phrases).toEqual([["chain", "thought"]]);
    expect(parseSearchQuery('"unclosed quote').phrases).toEqual([]);
    expect(parseSearchQuery('"static worlds"').prefixLast).toBe(false);
    const ids = {
      "2608.19880": "2608.19880",
      "arXiv:2608.19880v2": "2608.19880",
      "https://arxiv.org/abs/2608.19880v3": "2608.19880",
      "https://arxiv.org/pdf/2608.19880.pdf": "2608.19880",
      "hep-th/9901001": "hep-th/9901001",
      "https://arxiv.org/abs/hep-th/9901001v2": "hep-th/9901001",
      "math.GT/0309136": "math/0309136",
    };
    for (const [q, id] of Object.entries(ids)) expect(parseSearchQuery(q).arxivId, q).toBe(id);
    for (const q of ["2608", "diffusion 2608.19880", "https://example.com/abs/2608.19880"])
      expect(parseSearchQuery(q).arxivId, q).toBeNull();
  });

  it("cuts text without splitting a surrogate pair", () => {
    expect(cutText("ab🤖", 3)).toBe("ab");
    expect(cutText("ab🤖", 4)).toBe("ab🤖");
    expect(cutText("abc", 10)).toBe("abc");
  });
});
