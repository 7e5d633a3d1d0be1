import { describe, expect, it } from "vitest";
import { normalizeKeywords, parseKeywords } from "@/lib/digest/keywords";
import { selectDigestPapers } from "@/lib/digest/select";
import type { IsoDate } from "@/lib/papers/dates";
import type { FeedPaper } from "@/lib/papers/queries";
import { NO_EXTRAS } from "@/lib/papers/schemas";
import { createSearchKeywordMatcher } from "@/lib/search/keyword-matcher";

const paper = (id: string, title: string, abstract = "", upvotes = 10): FeedPaper => ({
  id,
  title,
  abstract,
  upvotes,
  authorCount: 1,
  authors: ["A"],
  orgHandle: null,
  orgName: null,
  feedDate: "2026-03-30" as IsoDate,
  feedAddedAt: new Date(0),
  publishedAt: null,
  submittedBy: null,
  extras: NO_EXTRAS,
  hidden: false,
});

describe("parseKeywords", () => {
  it("splits on blanks and commas, keeps quoted phrases, lower-cases, and reads words as the matcher does", () => {
    expect(parseKeywords(' Diffusion, "Large  Language Model"  text-to-image ')).toEqual([
      ["diffusion"],
      ["large", "language", "model"],
      ["text", "to", "image"],
    ]);
    expect(parseKeywords('  ,, "" ')).toEqual([]);
    expect(normalizeKeywords('Robots "Vision Language" robots')).toBe('robots "vision language"');
    expect(normalizeKeywords("   ")).toBeNull();
  });
});

describe("the digest's keyword matcher (the search box's, for the dry run and the send)", () => {
  const papers = [
    paper("1", "Diffusion Models Beat GANs", "We remodel images."),
    paper("2", "Scaling laws", "A large language model, trained on text-to-image pairs."),
    paper("3", "Über Modelle", "Straße und Café: ünïcode wörds."),
    paper("4", "Models of diffusion", "diffusions everywhere"),
  ];
  const match = createSearchKeywordMatcher();
  const ids = (keywords: string) => match(papers, keywords).map((p) => p.id);

  it("matches words as search does: any case, plurals and accents folded, never a prefix or a typo", () => {
    expect(ids("diffusion")).toEqual(["1", "4"]);
    expect(ids("DIFFUSION")).toEqual(["1", "4"]);
    expect(ids("model")).toEqual(["1", "2", "4"]); // "Models" too, not "remodel" nor "Modelle"
    expect(ids("diffusions")).toEqual(["1", "4"]);
    expect(ids("cafe")).toEqual(["3"]);
    expect(ids("diffus")).toEqual([]); // a saved keyword is a whole word
    expect(ids("difusion")).toEqual([]); // and spelled as meant
  });

  it("needs every keyword, and a quoted phrase as adjacent words in order", () => {
    expect(ids("diffusion gans")).toEqual(["1"]);
    expect(ids('"language model"')).toEqual(["2"]);
    expect(ids('"model language"')).toEqual([]);
    expect(ids("text-to-image")).toEqual(["2"]); // as stored: the phrase "text to image"
    expect(ids(normalizeKeywords("text-to-image")!)).toEqual(["2"]);
    expect(ids('"diffusion models"')).toEqual(["1"]); // not "Models of diffusion"
    expect(ids("diffusion scaling")).toEqual([]);
  });

  it("keeps the order it was given, and an empty filter keeps everything", () => {
    expect(ids("")).toEqual(["1", "2", "3", "4"]);
    expect(ids(" , ")).toEqual(["1", "2", "3", "4"]);
  });
});

describe("selectDigestPapers", () => {
  const ranked = [
    paper("a", "Robots", "", 90),
    paper("b", "Vision", "", 50),
    paper("c", "Robots again", "", 30),
    paper("d", "Other", "", 5),
  ];

  it("drops what was received, applies minimum upvotes and keywords, then cuts to the limit", async () => {
    expect(
      (
        await selectDigestPapers(ranked, { keywords: null, minUpvotes: null }, new Set(), { limit: 2 })
      ).papers.map((p) => p.id),
    ).toEqual(["a", "b"]);
    expect(
      (
        await selectDigestPapers(ranked, { keywords: "robots", minUpvotes: null }, new Set(["a"]), {
          limit: 10,
        })
      ).papers.map((p) => p.id),
    ).toEqual(["c"]);
    expect(
      (
        await selectDigestPapers(ranked, { keywords: null, minUpvotes: 40 }, new Set(), { limit: 10 })
      ).papers.map((p) => p.id),
    ).toEqual(["a", "b"]);
  });

  it("says why nothing is left", async () => {
    expect(
      await selectDigestPapers([], { keywords: null, minUpvotes: null }, new Set(), { limit: 10 }),
    ).toEqual({ papers: [], skipReason: "no_papers" });
    expect(
      (
        await selectDigestPapers(
          ranked,
          { keywords: null, minUpvotes: null },
          new Set(["a", "b", "c", "d"]),
          { limit: 10 },
        )
      ).skipReason,
    ).toBe("already_received");
    expect(
      (await selectDigestPapers(ranked, { keywords: null, minUpvotes: 1000 }, new Set(), { limit: 10 }))
        .skipReason,
    ).toBe("below_min_upvotes");
    expect(
      (await selectDigestPapers(ranked, { keywords: "quantum", minUpvotes: null }, new Set(), { limit: 10 }))
        .skipReason,
    ).toBe("no_keyword_match");
  });

  it("takes another matcher, sync or async (the search index later)", async () => {
    const onlyB = (papers: FeedPaper[]) => Promise.resolve(papers.filter((p) => p.id === "b"));
    expect(
      (
        await selectDigestPapers(ranked, { keywords: "anything", minUpvotes: null }, new Set(), {
          limit: 10,
          matcher: onlyB,
        })
      ).papers.map((p) => p.id),
    ).toEqual(["b"]);
  });
});
