import { describe, expect, it } from "vitest";
import { phrasesFrom } from "@/lib/search/phrases";

describe("phrases to suggest", () => {
  const titles = [
    "Speculative Decoding with Big Models",
    "Faster Speculative Decoding with Trees",
    "Speculative Decoding: a Survey",
    "Mixture of Experts Routing",
    "Sparse Mixture of Experts Models",
  ];

  it("offers phrases in the titles' own words, found in several titles, longest first among equals", () => {
    expect(phrasesFrom(titles, ["mixture", "exp"], true, 5)).toEqual(["mixture of experts"]);
    expect(phrasesFrom(titles, ["speculative", "dec"], true, 5)).toEqual(["speculative decoding"]);
    const more = [...titles, "Speculative Decoding with Big Models, Again"];
    expect(phrasesFrom(more, ["speculative", "dec"], true, 5)).toEqual([
      "speculative decoding",
      "speculative decoding with big models",
      "speculative decoding with big",
    ]);
  });

  it("needs the typed words in a row, and stops at a clause's end", () => {
    expect(phrasesFrom(titles, ["decoding", "speculative"], false, 5)).toEqual([]);
    expect(phrasesFrom(["A: B c", "A: B d"], ["a"], false, 5)).toEqual([]); // "a" is a stop word
    expect(phrasesFrom(["Graph Nets: x", "Graph Nets: y"], ["graph"], false, 5)).toEqual(["graph nets"]);
  });
});
