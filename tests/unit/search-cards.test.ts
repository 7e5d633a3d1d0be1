import { describe, expect, it } from "vitest";
import { MERGE_AT_CHANGED_CARDS, SearchCards, SearchCardsBuilder, type SearchCard } from "@/lib/search/cards";

// The result cards held beside the index: one UTF-8 base plus the papers
// changed since, merged without losing or mixing up any paper's text.

const card = (n: number, over: Partial<SearchCard> = {}): SearchCard => ({
  title: `Paper ${n}: naïve Bayes, 注意力, 🤖`,
  abstract: `Abstract ${n} `.repeat(n % 7),
  orgHandle: n % 3 ? `org${n}` : null,
  orgName: n % 5 ? `Org ${n} Ä` : null,
  authorCount: n,
  ...over,
});

describe("search cards", () => {
  it("reads back what was built, added, changed and removed, across merges and a freeze", () => {
    const builder = new SearchCardsBuilder();
    for (let n = 0; n < 50; n++) builder.add(`p${n}`, card(n));
    const cards = builder.build();
    const expected = new Map<string, SearchCard>();
    for (let n = 0; n < 50; n++) expected.set(`p${n}`, card(n));
    // Enough changes to merge into the base more than once.
    for (let n = 0; n < MERGE_AT_CHANGED_CARDS * 2 + 10; n++) {
      const id = `p${n % 6000}`;
      const next = card(n, { title: `changed ${n}` });
      cards.upsert(id, next);
      expected.set(id, next);
      if (n % 11 === 0) {
        cards.remove(`p${(n * 7) % 6000}`);
        expected.delete(`p${(n * 7) % 6000}`);
      }
    }
    for (let n = 0; n < 6000; n++) expect(cards.get(`p${n}`)).toEqual(expected.get(`p${n}`));
    expect(cards.titleOf("p1")).toBe(expected.get("p1")?.title);

    const ids = [...expected.keys()].reverse();
    const thawed = SearchCards.fromFrozen(ids, cards.freeze(ids));
    for (const id of ids) {
      expect(thawed.get(id)).toEqual(expected.get(id));
      expect(cards.get(id)).toEqual(expected.get(id));
    }
    expect(thawed.get("nobody")).toBeUndefined();
  });

  it("a removed paper stays gone, and comes back when added again", () => {
    const cards = new SearchCards();
    cards.upsert("a", card(1));
    cards.remove("a");
    cards.remove("never");
    expect(cards.get("a")).toBeUndefined();
    expect(cards.freeze(["a"]).authorCount[0]).toBe(0);
    cards.upsert("a", card(2));
    expect(cards.get("a")).toEqual(card(2));
  });
});
