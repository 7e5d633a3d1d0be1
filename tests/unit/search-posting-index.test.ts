import fc from "fast-check";
import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { SEARCH_DEFAULTS, SEARCH_OPTIONS, type SearchDocument } from "@/lib/search/options";
import { COMPACT_AT_DELTA_DOCS, PostingIndex } from "@/lib/search/posting-index";
import { parseSearchQuery } from "@/lib/search/query";
import { FUZZY_WHEN_FEWER_THAN, PaperSearchIndex } from "@/lib/search/search-index";

// The posting index must rank as MiniSearch does with the same options: the
// reference is a MiniSearch index over the same papers, searched the way the
// app searched before it had a posting index of its own, for the exact and
// prefix pass (the typo and fallback passes have rules of their own: see
// reference()). Random corpora,
// random edits (replace, remove), random queries (words being typed,
// misspellings), before and after compaction and a freeze/thaw round trip.

const WORDS = [
  "model",
  "models",
  "modeling",
  "modern",
  "transformer",
  "transformers",
  "transform",
  "reasoning",
  "reasonable",
  "diffusion",
  "diffusive",
  "pruning",
  "pruned",
  "language",
  "languages",
  "sparse",
  "sparsity",
  "agent",
  "agents",
  "benchmark",
  "vision",
  "robot",
  "robotic",
  "token",
  "tokens",
  "attention",
  "the",
  "of",
  "a",
  "2:4",
  "qwen3",
  "schölkopf",
];
const ORGS = ["", "nvidia", "qwen", "meta"];

const word = fc.constantFrom(...WORDS);
const text = (max: number) => fc.array(word, { minLength: 0, maxLength: max }).map((w) => w.join(" "));
const paper = (id: string) =>
  fc
    .record({
      title: text(6),
      abstract: text(25),
      authors: text(3),
      org: fc.constantFrom(...ORGS),
      day: fc.integer({ min: 20_000, max: 20_010 }),
      upvotes: fc.nat(20),
    })
    .map((p): SearchDocument => ({ id, ...p, organization: p.org }));
const edit = fc.oneof(
  fc.record({ kind: fc.constant("put" as const), n: fc.nat(39), seed: fc.nat() }),
  fc.record({ kind: fc.constant("remove" as const), n: fc.nat(39), seed: fc.nat() }),
);
/** A query as typed: finished words, maybe a word half typed, maybe a typo. */
const query = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 3 }), fc.nat(4), fc.boolean(), fc.boolean())
  .map(([words, cut, typo, typing]) => {
    const last = words.at(-1)!;
    let tail = typing ? last.slice(0, Math.max(3, last.length - cut)) : last;
    if (typo && tail.length > 5) tail = tail.slice(0, 2) + tail.slice(3);
    return [...words.slice(0, -1), tail].join(" ");
  });

/**
 * MiniSearch's answer, and whether the search must match it whole. The typo
 * and fallback passes (taken when the words as typed find fewer than
 * FUZZY_WHEN_FEWER_THAN papers) rank by rules of their own (Damerau-
 * Levenshtein budgets, respellings weighed by how common they are, papers
 * with most words): there the exact and prefix pass alone is held to
 * MiniSearch, and the relevance suite tests the rest.
 */
function reference(
  docs: Map<string, SearchDocument>,
  q: string,
): { scores: Map<string, number>; whole: boolean } {
  const mini = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  mini.addAll([...docs.values()]);
  const parsed = parseSearchQuery(q);
  if (!parsed.terms.length) return { scores: new Map(), whole: true };
  const options = {
    tokenize: (t: string) => t.split(" "),
    processTerm: (t: string) => t,
    prefix: parsed.prefixLast ? SEARCH_DEFAULTS.prefix : false,
  };
  const results = mini.search(parsed.terms.join(" "), { ...options, fuzzy: false });
  return {
    scores: new Map(results.map((r) => [String(r.id), r.score])),
    whole: results.length >= FUZZY_WHEN_FEWER_THAN,
  };
}

function found(index: PaperSearchIndex, q: string, whole: boolean): Map<string, number> {
  // Stop words typed count as surnames among authors, and words side by side
  // rank higher: rules of ours, not MiniSearch's.
  const result = index.search(
    { q, limit: 50 },
    { names: false, proximity: false, ...(whole ? {} : { typos: false, fallback: false }) },
  );
  return new Map(result.hits.map((h) => [h.id, h.score]));
}

function expectAsMiniSearch(index: PaperSearchIndex, docs: Map<string, SearchDocument>, q: string): void {
  const { scores, whole } = reference(docs, q);
  expectSameScores(found(index, q, whole), scores);
}

function expectSameScores(actual: Map<string, number>, expected: Map<string, number>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, score] of expected) expect(actual.get(id)).toBeCloseTo(score, 9);
}

describe("the posting index", () => {
  it("ranks as MiniSearch does, through edits, compaction and a snapshot round trip", () => {
    fc.assert(
      fc.property(
        fc.array(
          paper("").map((p) => p),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(edit, { maxLength: 20 }),
        fc.array(paper(""), { minLength: 20, maxLength: 20 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        (initial, edits, replacements, queries) => {
          const index = new PaperSearchIndex();
          index.status = "ready";
          const docs = new Map<string, SearchDocument>();
          initial.forEach((p, i) => {
            const doc = { ...p, id: `p${i}` };
            index.upsert(doc);
            docs.set(doc.id, doc);
          });
          for (const e of edits) {
            const id = `p${e.n}`;
            if (e.kind === "remove") {
              expect(index.remove(id)).toBe(docs.delete(id));
            } else {
              const doc = { ...replacements[e.seed % replacements.length]!, id };
              index.upsert(doc);
              docs.set(id, doc);
            }
          }
          expect(index.documentCount).toBe(docs.size);
          for (const q of queries) expectAsMiniSearch(index, docs, q);
          const thawed = new PaperSearchIndex(PostingIndex.fromFrozen(index.postingIndex.freeze()));
          thawed.status = "ready";
          expect(thawed.allIds().sort()).toEqual([...docs.keys()].sort());
          for (const q of queries) {
            expectAsMiniSearch(index, docs, q);
            expect(thawed.search({ q, limit: 50 })).toEqual(index.search({ q, limit: 50 }));
            // Phrases read the word order the snapshot keeps.
            const quoted = { q: `"${q}"`, limit: 50 };
            expect(thawed.search(quoted)).toEqual(index.search(quoted));
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000); // about a second alone; the machine is shared

  it("compacts on its own as the delta grows, and keeps every paper findable", () => {
    const index = new PostingIndex();
    const n = 9_000;
    for (let i = 0; i < n; i++)
      index.upsert({
        id: `p${i}`,
        title: `paper number${i % 100}`,
        abstract: "",
        authors: "",
        organization: "",
        day: 1,
        upvotes: 0,
        org: "",
      });
    expect(index.deltaDocuments).toBeLessThan(COMPACT_AT_DELTA_DOCS);
    for (let i = 0; i < n; i += 2) index.remove(`p${i}`);
    expect(index.documentCount).toBe(n / 2);
    const search = new PaperSearchIndex(index);
    search.status = "ready";
    // "number7" papers are p7, p107, ...: all odd, so none was removed.
    expect(search.search({ q: "number7 paper" }).total).toBe(n / 100);
    // "number8" papers were all removed: what it finds is by the typo pass ("number7", "number9"), and never a removed paper.
    const eight = search.search({ q: "number8 paper", limit: 50 });
    expect(eight.typoTolerant).toBe(true);
    expect(eight.hits.length).toBeGreaterThan(0);
    expect(eight.hits.every((h) => Number(h.id.slice(1)) % 2 === 1)).toBe(true);
    index.compact();
    expect(index.termCount).toBe(1 + 50); // "paper", and the odd numbers left
  });
});

describe("paging through many matches", () => {
  it("pages in score order, ties by id, without gaps or repeats, whichever way the page is picked", () => {
    const index = new PaperSearchIndex();
    index.status = "ready";
    const n = 3_000; // over the size sorted whole, so early pages take the one-pass selection
    for (let i = 0; i < n; i++) {
      // Four title lengths: scores tie within each, so the id decides.
      index.upsert({
        id: `p${String((i * 7919) % n).padStart(5, "0")}`,
        title: `model ${["", "a1", "a1 b2", "a1 b2 c3"][i % 4]}`,
        abstract: "",
        authors: "",
        organization: "",
        day: i,
        upvotes: i % 13,
        org: "",
      });
    }
    for (const sort of ["relevance", "upvotes", "newest"] as const) {
      const seen: { id: string; score: number; upvotes: number; date: string }[] = [];
      for (let page = 1; page <= 60; page++) {
        const r = index.search({ q: "model ", limit: 50, page, sort });
        expect(r.total).toBe(n);
        seen.push(...r.hits.map((h) => ({ id: h.id, score: h.score, upvotes: h.upvotes, date: h.feedDate })));
      }
      expect(new Set(seen.map((h) => h.id)).size).toBe(n);
      for (let i = 1; i < n; i++) {
        const [a, b] = [seen[i - 1]!, seen[i]!];
        const key =
          sort === "relevance"
            ? 0
            : sort === "upvotes"
              ? b.upvotes - a.upvotes
              : b.date.localeCompare(a.date);
        expect(key, `${sort} at ${i}`).toBeLessThanOrEqual(0);
        if (key === 0)
          expect(b.score < a.score || (b.score === a.score && b.id > a.id), `${sort} at ${i}`).toBe(true);
      }
    }
  }, 60_000); // about a second alone; the machine is shared
});
