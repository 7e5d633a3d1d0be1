import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { termsOf } from "@/lib/search/options";
import { importFiles } from "@/lib/papers/import/import-files";
import { PaperSearchIndex, type SearchPapersParams } from "@/lib/search/search-index";
import { warmSearchIndex } from "@/lib/search/sync";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { misspell, seeded } from "../helpers/misspell";

// The relevance suite: for each rule of the search, real queries on the
// shipped sample (60 days of Daily Papers), each with the paper a reader
// expects in the top k. Random cases are drawn with a fixed seed, so a
// failure names a query that fails again.

let database: TestDatabase;
let tmp: string;
let index: PaperSearchIndex;
let papers: {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  orgHandle: string | null;
  orgName: string | null;
}[];

beforeAll(async () => {
  database = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-relevance-"));
  await importFiles(["prisma/sample"]);
  index = new PaperSearchIndex();
  await warmSearchIndex(index, { snapshotDir: null });
  papers = await db().paper.findMany({
    where: { hidden: false },
    select: { id: true, title: true, abstract: true, authors: true, orgHandle: true, orgName: true },
    orderBy: { id: "asc" },
  });
}, 120_000);

afterAll(async () => {
  await database?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

const search = (q: string, extra: Partial<SearchPapersParams> = {}) =>
  index.search({ q, limit: 20, ...extra });
const top = (q: string, k: number, extra: Partial<SearchPapersParams> = {}) =>
  search(q, extra)
    .hits.slice(0, k)
    .map((h) => h.id);
const titleOf = (id: string) => papers.find((p) => p.id === id)?.title ?? id;
const titles = (q: string, k: number) => top(q, k).map(titleOf);

describe("typos", () => {
  it("respells by Damerau-Levenshtein: a swap is one typo", () => {
    expect(titles("difusion", 3).every((t) => /diffusion/i.test(t))).toBe(true);
    expect(titles("agnet", 3).every((t) => /agent/i.test(t))).toBe(true);
    const r = search("agnet");
    expect(r.typoTolerant).toBe(true);
    expect(r.hits[0]!.terms).toContain("agent");
  });

  it("allows no typo in words of up to 4 letters", () => {
    // "mdoe" is a swap of "mode", but four letters have no typo budget.
    expect(search("mdoe").total).toBe(0);
  });

  it("ranks an exact match above a respelling", () => {
    // "agent" as typed must not be outranked by respellings such as "agents"' neighbours.
    const r = search("agent");
    expect(r.typoTolerant).toBe(false);
    expect(r.hits[0]!.terms).toContain("agent");
  });

  for (const edit of ["swap", "drop", "double"] as const) {
    it(`finds titles with one ${edit} in the top 3`, () => {
      const random = seeded({ swap: 13, drop: 17, double: 19 }[edit]);
      const misses: string[] = [];
      let tried = 0;
      while (tried < 40) {
        const paper = papers[Math.floor(random() * papers.length)]!;
        const q = misspell(paper.title, edit, random);
        if (!q) continue;
        tried++;
        if (!top(q, 3).includes(paper.id)) misses.push(`${q} (${paper.id})`);
      }
      expect(misses).toEqual([]);
    });
  }
});

describe("papers with most of the words, when too few have them all", () => {
  it("lists papers with most words when none has them all, and says how many they have", () => {
    const r = search("speculative decoding zyxwvut");
    expect(r.fallback).toEqual({ of: 3, all: 0, words: 2 });
    expect(r.total).toBeGreaterThan(0);
    expect(r.hits.every((h) => h.queryTerms.length === 2)).toBe(true);
    expect(r.hits[0]!.queryTerms.sort()).toEqual(["decoding", "speculative"]);
  });

  it("puts the few papers with every word first, then those with one fewer", () => {
    const all = search("medical ai scientist", { limit: 50 }); // one paper in the sample has all three
    expect(all.fallback).toMatchObject({ of: 3, words: 2 });
    const every = all.fallback!.all;
    expect(every).toBeGreaterThan(0);
    expect(all.hits.slice(0, every).every((h) => h.queryTerms.length === 3)).toBe(true);
    expect(all.hits.slice(every).every((h) => h.queryTerms.length === 2)).toBe(true);
    expect(all.total).toBeGreaterThan(every);
  });

  it("keeps every word required when enough papers have them all", () => {
    expect(search("language model").fallback).toBeNull();
  });
});

/** Whether the terms follow each other in the paper's title or abstract, as the index reads them. */
function hasPhrase(id: string, phrase: string): boolean {
  const paper = papers.find((p) => p.id === id)!;
  const words = termsOf(phrase).join(" ");
  return [paper.title, paper.abstract].some((text) => ` ${termsOf(text).join(" ")} `.includes(` ${words} `));
}

describe("quoted phrases", () => {
  it("finds only papers with the words adjacent and in order", () => {
    const inOrder = search('"world models"', { limit: 50 });
    expect(inOrder.total).toBeGreaterThan(0);
    expect(inOrder.hits.every((h) => hasPhrase(h.id, "world models"))).toBe(true);
    const unquoted = search("world models", { limit: 50 });
    expect(unquoted.total).toBeGreaterThan(inOrder.total);
    const reversed = search('"models world"', { limit: 50 });
    expect(reversed.hits.every((h) => hasPhrase(h.id, "models world"))).toBe(true);
    expect(reversed.total).toBeLessThan(inOrder.total);
  });

  it("finds a random three-word run of a title, quoted, in the top 3, and nothing without the run", () => {
    const random = seeded(23);
    const misses: string[] = [];
    for (let tried = 0; tried < 30;) {
      const paper = papers[Math.floor(random() * papers.length)]!;
      const words = paper.title.split(/\s+/).filter((w) => /^[a-z]{4,}$/i.test(w));
      if (words.length < 4) continue;
      const at = Math.floor(random() * (words.length - 2));
      const run = paper.title.split(/\s+/);
      const start = run.indexOf(words[at]!);
      const phrase = run.slice(start, start + 3).join(" ");
      if (termsOf(phrase).length < 2 || !hasPhrase(paper.id, phrase)) continue;
      tried++;
      const r = search(`"${phrase}"`, { limit: 50 });
      if (!r.hits.slice(0, 3).some((h) => h.id === paper.id) && r.total <= 3) misses.push(phrase);
      if (!r.hits.every((h) => hasPhrase(h.id, phrase))) misses.push(`${phrase}: a hit without it`);
    }
    expect(misses).toEqual([]);
  });

  it("forgives a typo inside a phrase", () => {
    const r = search('"wrold models"', { limit: 50 });
    expect(r.typoTolerant).toBe(true);
    expect(r.total).toBe(search('"world models"').total);
  });

  it("combines a phrase with other words and filters", () => {
    const r = search('"language models" reasoning', { limit: 50 });
    expect(r.total).toBeGreaterThan(0);
    expect(
      r.hits.every((h) => hasPhrase(h.id, "language models") && h.queryTerms.includes("reasoning")),
    ).toBe(true);
  });
});

describe("arXiv ids and links", () => {
  it("brings the paper first for its id, in any form a reader pastes", () => {
    const random = seeded(29);
    for (let i = 0; i < 10; i++) {
      const { id } = papers[Math.floor(random() * papers.length)]!;
      for (const q of [
        id,
        `arXiv:${id}`,
        `${id}v2`,
        `https://arxiv.org/abs/${id}`,
        `https://arxiv.org/abs/${id}v3`,
        `https://arxiv.org/pdf/${id}`,
        `https://arxiv.org/pdf/${id}v1.pdf`,
        `arxiv.org/html/${id}v2`,
        ` ${id} `,
      ])
        expect(top(q, 1), q).toEqual([id]);
    }
  });

  it("finds nothing, rather than noise, for the id of a paper it does not have", () => {
    expect(search("2608.99999").total).toBe(0);
    expect(search("https://arxiv.org/abs/hep-th/9901001").query.arxivId).toBe("hep-th/9901001");
  });
});

describe("author names and stop words", () => {
  const SHORT = /^(He|Li|Wu|Ng|Xu|Ma|An|Hu|Yu|Lu|Ye)$/;
  const byShortSurname = () =>
    papers.flatMap((p) =>
      p.authors
        .filter((a) => a.split(" ").length === 2 && SHORT.test(a.split(" ")[1]!))
        .map((author) => ({ id: p.id, author })),
    );

  it("finds papers by an author with a short surname (He, Li, Wu, Ng), the surname kept", () => {
    const cases = byShortSurname();
    expect(cases.length).toBeGreaterThan(20);
    const random = seeded(31);
    const misses: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { id, author } = cases[Math.floor(random() * cases.length)]!;
      const hits = search(author, { limit: 50 }).hits.map((h) => h.id);
      if (!hits.includes(id)) misses.push(`${author} (${id})`);
      // Papers with that very name come before those with only the first name.
      const named = (pid: string) => papers.find((p) => p.id === pid)!.authors.includes(author);
      const firstOther = hits.findIndex((h) => !named(h));
      const lastNamed = hits.findLastIndex((h) => named(h));
      if (firstOther >= 0 && lastNamed > firstOther) misses.push(`${author}: ranked below others`);
    }
    expect(misses).toEqual([]);
  });

  it("searches a stop word that is a surname among authors, alone", () => {
    const withHe = papers.filter((p) => p.authors.some((a) => a.split(/[^\p{L}]+/u).includes("He")));
    expect(withHe.length).toBeGreaterThan(0);
    const r = search("He", { limit: 50 });
    expect(r.total).toBe(withHe.length);
    // "Kaiming He": the surname counts (papers by a He first), though "he" is a stop word elsewhere.
    const author = withHe[0]!.authors.find((a) => a.split(/\s+/).at(-1) === "He")!;
    expect(top(author, 1)).toEqual([withHe.find((p) => p.authors.includes(author))!.id]);
  });

  it("searches stop words only among author names, and finds nothing when no author has them", () => {
    // "The" is a name too (Vietnamese "Thế", folded): what "the" finds are papers by such authors.
    const the = search("the", { limit: 50 });
    expect(the.hits.every((h) => h.match["the"]?.includes("authors"))).toBe(true);
    for (const q of ["of the", "of"]) {
      const r = search(q);
      expect(r.total, q).toBe(0);
      expect(r.query.terms, q).toEqual([]);
      expect(r.query.names.length, q).toBeGreaterThan(0);
    }
  });
});

describe("organizations", () => {
  const ofOrg = (name: string) => papers.filter((p) => p.orgName === name).map((p) => p.id);

  it("finds an organization's papers by display name, handle or acronym", () => {
    const mit = ofOrg("Massachusetts Institute of Technology");
    const cmu = ofOrg("Carnegie Mellon University");
    expect(mit.length).toBeGreaterThan(0);
    expect(cmu.length).toBeGreaterThan(0);
    for (const q of ["MIT", "mit", "Massachusetts Institute of Technology"])
      expect(top(q, mit.length).sort(), q).toEqual([...mit].sort());
    for (const q of ["CMU", "Carnegie Mellon", "CarnegieMellonU"])
      expect(top(q, cmu.length).sort(), q).toEqual([...cmu].sort());
  });

  it("filters by display name or handle, any case, by prefix", () => {
    const stanford = ofOrg("Stanford University");
    expect(stanford.length).toBeGreaterThan(0);
    for (const org of ["Stanford University", "stanford", "StanfordUniversity", "STANFORD UNIV"])
      expect(ids("model", org), org).toEqual(ids("model", "StanfordUniversity"));
    expect(ids("model", "stanford").every((id) => stanford.includes(id))).toBe(true);
    // "Meta" is the start of "Meta Research" and "Meta Llama", and a word of "AI at Meta".
    const meta = new Set([...ofOrg("Meta Research"), ...ofOrg("AI at Meta"), ...ofOrg("Meta Llama")]);
    const found = ids("model", "Meta");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((id) => meta.has(id))).toBe(true);
    expect(ids("model", "meta").length).toBe(found.length);
  });
});

function ids(q: string, org: string): string[] {
  return index
    .search({ q, org, limit: 50 })
    .hits.map((h) => h.id)
    .sort();
}
