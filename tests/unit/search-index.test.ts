import { describe, expect, it } from "vitest";
import type { IsoDate } from "@/lib/papers/dates";
import { dayNumberOfIsoDate } from "@/lib/search/documents";
import type { SearchDocument } from "@/lib/search/options";
import { PHRASE_CHECKED_AT_MOST } from "@/lib/search/plan";
import { PaperSearchIndex } from "@/lib/search/search-index";

// The index on hand-made papers, without a database: ranking rules, filters,
// sorts, paging and hostile input. Real-data relevance is in the integration tests.

const doc = (id: string, over: Partial<SearchDocument> & { date?: string } = {}): SearchDocument => ({
  id,
  title: `Paper ${id}`,
  abstract: "",
  authors: "Ada Lovelace",
  organization: "",
  day: dayNumberOfIsoDate((over.date ?? "2026-01-10") as IsoDate),
  upvotes: 0,
  org: "",
  ...over,
});

function readyIndex(docs: SearchDocument[]): PaperSearchIndex {
  const index = new PaperSearchIndex();
  for (const d of docs) index.upsert(d);
  index.status = "ready";
  return index;
}

const index = readyIndex([
  doc("1", {
    title: "Pruning large language models to 2:4 sparsity",
    abstract: "We prune weights.",
    upvotes: 50,
    date: "2026-01-05",
    org: "nvidia",
    organization: "NVIDIA\nnvidia",
  }),
  doc("2", {
    title: "A survey of diffusion models",
    abstract: "Diffusion models and sparsity in language modelling.",
    upvotes: 10,
    date: "2026-02-01",
  }),
  doc("3", {
    title: "Reinforcement learning for reasoning",
    abstract: "Language models learn to reason with RL.",
    upvotes: 90,
    date: "2026-03-01",
    org: "qwen",
    organization: "Qwen\nQwen",
  }),
  doc("4", {
    title: "Speculative decoding",
    abstract: "Faster language model inference.",
    upvotes: 5,
    date: "2026-03-02",
    authors: "Yaniv Leviathan\nMatan Kalman",
  }),
]);
const ids = (q: string, extra: object = {}) => index.search({ q, ...extra }).hits.map((h) => h.id);

describe("ranking", () => {
  it("ranks papers with every word first, a title match above an abstract match", () => {
    expect(ids("sparsity language").slice(0, 2)).toEqual(["1", "2"]);
    expect(ids("sparsity diffusion")[0]).toBe("2");
    // So few have every word that papers with one of them follow, and the result says so.
    expect(index.search({ q: "sparsity diffusion" }).fallback).toEqual({ of: 2, all: 1, words: 1 });
    expect(index.search({ q: "sparsity diffusion" }, { typos: true, fallback: false }).total).toBe(1);
  });

  it("matches the word being typed as a prefix, and finished words exactly", () => {
    expect(ids("specul")).toEqual(["4"]);
    expect(ids("specul ")).toEqual([]);
  });

  it("tolerates a typo in a long word when the words as typed find too little", () => {
    const r = index.search({ q: "reinforcment" });
    expect(r.hits.map((h) => h.id)).toEqual(["3"]);
    expect(r.typoTolerant).toBe(true);
    expect(r.hits[0]!.terms).toEqual(["reinforcement"]);
    const many = readyIndex(Array.from({ length: 6 }, (_, i) => doc(`m${i}`, { title: "Language" })));
    expect(many.search({ q: "language" })).toMatchObject({ total: 6, typoTolerant: false });
  });

  it("finds authors and organizations", () => {
    expect(ids("leviathan")).toEqual(["4"]);
    expect(ids("nvidia")).toEqual(["1"]);
  });

  it("reports which document terms matched, for highlighting", () => {
    const hit = index.search({ q: "prun" }).hits[0]!;
    expect(hit.id).toBe("1");
    expect(hit.terms.sort()).toEqual(["prune", "pruning"]);
    expect(hit.match["pruning"]).toEqual(["title"]);
  });
});

describe("quoted phrases", () => {
  it("needs the words adjacent and in order, within one field, through replacements and compaction", () => {
    const i = readyIndex([
      doc("1", { title: "Static worlds for agents" }),
      doc("2", { title: "Worlds that stay static" }),
      doc("3", { title: "Static", abstract: "Worlds" }), // in two fields: not a phrase
      doc("4", { title: "The static, worlds apart" }), // punctuation does not part words
    ]);
    const phrase = (q: string, on = i) =>
      on
        .search({ q }, { typos: true, fallback: false })
        .hits.map((h) => h.id)
        .sort();
    expect(phrase('"static worlds"')).toEqual(["1", "4"]);
    expect(phrase('"worlds static"')).toEqual([]);
    expect(phrase("static worlds")).toEqual(["1", "2", "3", "4"]);
    i.upsert(doc("2", { title: "Static worlds, again" }));
    i.remove("4");
    expect(phrase('"static worlds"')).toEqual(["1", "2"]);
    i.postingIndex.compact();
    expect(phrase('"static worlds"')).toEqual(["1", "2"]);
    // Author names are lines apart: a phrase does not run from one name into the next.
    const a = readyIndex([doc("5", { authors: "Ada Lovelace\nCharles Babbage" })]);
    expect(phrase('"lovelace charles"', a)).toEqual([]);
    expect(phrase('"charles babbage"', a)).toEqual(["5"]);
  });
});

describe("filters, sorts and pages", () => {
  it("filters by date range, organization (any case) and minimum upvotes", () => {
    expect(ids("language", { from: "2026-02-01", to: "2026-03-01" }).sort()).toEqual(["2", "3"]);
    expect(ids("language", { org: "NVIDIA" })).toEqual(["1"]);
    expect(ids("language", { minUpvotes: 50 }).sort()).toEqual(["1", "3"]);
    expect(ids("language", { org: "nobody" })).toEqual([]);
  });

  it("sorts by upvotes or newest, and pages without overlap", () => {
    expect(ids("language", { sort: "upvotes" })).toEqual(["3", "1", "2", "4"]);
    expect(ids("language", { sort: "newest" })).toEqual(["4", "3", "2", "1"]);
    const pages = [1, 2, 3].map((page) => ids("language", { sort: "upvotes", limit: 2, page }));
    expect(pages).toEqual([["3", "1"], ["2", "4"], []]);
    expect(index.search({ q: "language", limit: 2 }).total).toBe(4);
  });

  it("clamps limits and pages instead of failing", () => {
    expect(index.search({ q: "language", limit: 0 }).limit).toBe(1);
    expect(index.search({ q: "language", limit: 10_000 }).limit).toBe(50);
    expect(index.search({ q: "language", limit: Number.NaN }).limit).toBe(20);
    expect(index.search({ q: "language", page: -3 }).page).toBe(1);
    expect(index.search({ q: "language", sort: "bogus" as never }).sort).toBe("relevance");
  });
});

describe("hostile queries", () => {
  it("never throws and answers quickly", () => {
    const inputs = [
      "",
      "a",
      "x".repeat(10_000),
      "'\"`",
      "(.*)+[",
      "'; DROP TABLE papers; --",
      "%_%",
      "🤖",
      "مرحبا",
      "\u0000\u0000",
      "\ud800",
      "e\u0301".repeat(5_000),
    ];
    const started = performance.now();
    for (const q of inputs) {
      expect(() => index.search({ q })).not.toThrow();
      expect(() => index.suggest(q)).not.toThrow();
    }
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("says it is warming, with no hits, until it is ready", () => {
    const cold = new PaperSearchIndex();
    cold.upsert(doc("9", { title: "Language" }));
    expect(cold.search({ q: "language" })).toMatchObject({ status: "warming", hits: [], total: 0 });
  });
});

describe("updates, suggestions and similar papers", () => {
  it("replaces and removes papers idempotently", () => {
    const i = readyIndex([doc("1", { title: "Old title" })]);
    i.upsert(doc("1", { title: "New title" }));
    i.upsert(doc("1", { title: "New title" }));
    expect(i.search({ q: "old" }).total).toBe(0);
    expect(i.search({ q: "new title" }).total).toBe(1);
    expect(i.remove("1")).toBe(true);
    expect(i.remove("1")).toBe(false);
    expect(i.search({ q: "new" }).total).toBe(0);
    expect(i.documentCount).toBe(0);
  });

  it("suggests completions from titles", () => {
    const s = index.suggest("speculative dec");
    expect(s.suggestions[0]?.suggestion).toBe("speculative decoding");
    expect(index.suggest("language", 1).suggestions.length).toBeLessThanOrEqual(1);
  });

  it("finds papers with similar titles, leaving the paper out", () => {
    const similar = index.similar("2", "A survey of diffusion models", 5).map((h) => h.id);
    expect(similar).not.toContain("2");
    expect(similar[0]).toBe("1"); // shares "model"
  });
});

describe("a common quoted phrase", () => {
  it("is checked in the best candidates only, and its total estimated from them", () => {
    const n = PHRASE_CHECKED_AT_MOST * 2;
    const i = readyIndex(
      Array.from({ length: n }, (_, k) =>
        doc(`p${String(k).padStart(5, "0")}`, {
          title: k % 2 ? "language model" : "model of language",
          abstract: k % 4 === 0 ? "language model" : "",
        }),
      ),
    );
    const r = i.search({ q: '"language model"', limit: 20 });
    expect(r.approximate).toBe(true);
    // Three papers in four have the phrase: the estimate is near 6,000 of the 8,000.
    expect(Math.abs(r.total - n * 0.75)).toBeLessThan(n * 0.1);
    expect(r.hits).toHaveLength(20);
    const few = readyIndex([doc("a", { title: "language model" }), doc("b", { title: "model language" })]);
    expect(few.search({ q: '"language model"' })).toMatchObject({ total: 1, approximate: false });
  });
});
