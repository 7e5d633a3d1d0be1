import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  fuzzinessOf,
  isPrefixTerm,
  processTerm,
  SEARCH_INDEX_VERSION,
  SEARCH_OPTIONS,
  stemPlural,
  termsOf,
  tokenize,
} from "@/lib/search/options";

describe("terms", () => {
  it("cuts on anything that is not a letter, digit or mark, and lower-cases", () => {
    expect(termsOf("Sparse-GPT: 2:4 Sparsity for LLaMA-3.1 (o1)")).toEqual([
      "sparse",
      "gpt",
      "2",
      "4",
      "sparsity",
      "llama",
      "3",
      "1",
      "o1",
    ]);
    expect(termsOf("we\u0000propose\u200bnull 🤖 robots")).toEqual(["propose", "null", "robot"]);
  });

  it("drops stop words and single letters, keeps digits", () => {
    expect(termsOf("The Attention Is All You Need")).toEqual(["attention", "need"]);
    expect(termsOf("a b c 1 2")).toEqual(["1", "2"]);
  });

  it("folds accents, ligatures and full-width letters, both ways", () => {
    expect(termsOf("Schölkopf")).toEqual(["scholkopf"]);
    expect(termsOf("Scholkopf")).toEqual(["scholkopf"]);
    expect(termsOf("ﬁne-tuning")).toEqual(["fine", "tuning"]);
    expect(termsOf("ＧＰＴ")).toEqual(["gpt"]);
    expect(termsOf("İstanbul")).toEqual(["istanbul"]);
  });

  it("keeps other scripts whole: right-to-left, CJK, Cyrillic", () => {
    expect(termsOf("نموذج لغوي")).toEqual(["نموذج", "لغوي"]);
    expect(termsOf("大型语言模型")).toEqual(["大型语言模型"]);
    expect(termsOf("Модели")).toEqual(["модели"]);
  });

  it("makes plurals singular, conservatively", () => {
    expect(
      ["models", "studies", "llms", "datasets", "corpus", "loss", "analysis", "bias", "gas", "goes"].map(
        stemPlural,
      ),
    ).toEqual(["model", "study", "llm", "dataset", "corpus", "loss", "analysis", "bias", "gas", "goes"]);
  });

  it("drops terms too long to be words", () => {
    expect(termsOf(`short ${"x".repeat(41)} ${"y".repeat(40)}`)).toEqual(["short", "y".repeat(40)]);
  });

  it("is idempotent: processed terms process to themselves", () => {
    const text = "Schölkopf ﬁne-tuning ½ models İstanbul نموذج 大型语言模型 ＧＰＴ-4o studies e\u0301cole";
    for (const term of termsOf(text)) expect(processTerm(term)).toBe(term);
    expect(termsOf(termsOf(text).join(" "))).toEqual(termsOf(text));
  });

  it("splits tokens with the same rule the highlighter matches words with", () => {
    expect(tokenize("a-b  c").filter(Boolean)).toEqual(["a", "b", "c"]);
  });
});

describe("search options", () => {
  it("boosts titles above abstracts and requires every word", () => {
    const boost = SEARCH_OPTIONS.searchOptions!.boost!;
    expect(boost.title!).toBeGreaterThan(boost.abstract!);
    expect(SEARCH_OPTIONS.searchOptions!.combineWith).toBe("AND");
    expect(SEARCH_OPTIONS.fields).toEqual(["title", "abstract", "authors", "organization"]);
    expect(SEARCH_OPTIONS.storeFields).toEqual(["day", "upvotes", "org"]);
  });

  it("matches a prefix on the last word only, once it has 3 letters", () => {
    expect(isPrefixTerm("tra", 1, ["model", "tra"])).toBe(true);
    expect(isPrefixTerm("model", 0, ["model", "tra"])).toBe(false);
    expect(isPrefixTerm("tr", 1, ["model", "tr"])).toBe(false);
  });

  it("tolerates typos in long words only, never in numbers", () => {
    expect(fuzzinessOf("gpt")).toBe(false);
    expect(fuzzinessOf("llama")).toBe(0.2);
    expect(fuzzinessOf("20240")).toBe(false);
  });

  it("changing how text becomes terms needs a new SEARCH_INDEX_VERSION (old snapshots would not match)", () => {
    const sample =
      "The Schölkopf ﬁne-tuning models: 2:4 sparsity, studies on LLaMA-3.1 and 大型语言模型 in Istanbul's labs (نموذج).";
    const fingerprint = crypto
      .createHash("sha1")
      .update(JSON.stringify(termsOf(sample)))
      .digest("hex")
      .slice(0, 12);
    // If this fails after a deliberate change, bump SEARCH_INDEX_VERSION and update both values here.
    expect({ version: SEARCH_INDEX_VERSION, fingerprint }).toEqual({
      version: 4,
      fingerprint: "d9cc2c9986ad",
    });
  });
});
