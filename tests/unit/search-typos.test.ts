import { describe, expect, it } from "vitest";
import { editDistance, respellingsOf, swapsOf, typoBudget, type TermDictionary } from "@/lib/search/typos";

describe("typo budgets and distances", () => {
  it("allows none up to 4 letters, one from 5, two from 9, none in numbers", () => {
    expect(["mode", "agnet", "difusion", "reinforcment", "20240"].map((t) => typoBudget(t))).toEqual([
      0, 1, 1, 2, 0,
    ]);
    // The typed word counts, not its stem: "modls" stems to "modl".
    expect(typoBudget("modl", 5)).toBe(1);
  });

  it("counts a swap of neighbouring letters as one edit (Damerau-Levenshtein)", () => {
    expect(editDistance("agnet", "agent", 2)).toBe(1);
    expect(editDistance("netwroks", "networks", 2)).toBe(1);
    expect(editDistance("difusion", "diffusion", 2)).toBe(1);
    expect(editDistance("difusion", "dilution", 2)).toBe(2);
    expect(editDistance("kitten", "sitting", 5)).toBe(3);
    expect(editDistance("abcdef", "zzzzzz", 2)).toBe(3); // past the budget: max + 1
    expect(swapsOf("agnet")).toContain("agent");
  });

  it("ranks respellings closest first, then most common, and weighs the rare ones down", () => {
    const frequency: Record<string, number> = { agent: 900, magnet: 3, agents: 0 };
    // The term tree answers in Levenshtein distance, where a swap is two edits.
    const dictionary: TermDictionary = {
      hasTerm: (t) => t in frequency,
      frequency: (t) => frequency[t] ?? 0,
      termsNear: (t, d) =>
        Object.keys(frequency)
          .map((k): [string, number] => [k, levenshtein(t, k)])
          .filter(([, x]) => x <= d),
    };
    const r = respellingsOf(dictionary, "agnet");
    expect(r.map((x) => x.term)).toEqual(["agent", "magnet"]);
    expect(r[0]!.weight).toBeGreaterThan(r[1]!.weight * 10);
  });
});

function levenshtein(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
