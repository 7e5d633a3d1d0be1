import { describe, expect, it } from "vitest";
import type { IsoDate } from "@/lib/papers/dates";
import type { FeedPaper } from "@/lib/papers/queries";
import { createSearchKeywordMatcher } from "@/lib/search/keyword-matcher";
import { NO_EXTRAS } from "@/lib/papers/schemas";

const paper = (id: string, title: string, abstract = ""): FeedPaper => ({
  id,
  title,
  abstract,
  upvotes: 1,
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

describe("digest keywords through the search tokenizer", () => {
  const papers = [
    paper("1", "Diffusion Models for Robot Arms"),
    paper("2", "A diffusion approach", "We train a language model."),
    paper("3", "Sparse attention", "Nothing about the others."),
    paper("4", "Modèles de diffusion"),
  ];

  it("requires every keyword, in title or abstract, plural or singular", () => {
    const match = createSearchKeywordMatcher();
    expect(match(papers, "diffusion model").map((p) => p.id)).toEqual(["1", "2"]);
    expect(match(papers, '"robot arms", diffusion').map((p) => p.id)).toEqual(["1"]);
    expect(match(papers, "sparse").map((p) => p.id)).toEqual(["3"]);
    expect(match(papers, "modeles").map((p) => p.id)).toEqual(["4"]); // accents folded
    expect(match(papers, "   ")).toEqual(papers);
  });

  it("keeps the caller's order and subset, and learns papers it has not seen", () => {
    const match = createSearchKeywordMatcher();
    expect(match(papers.slice(2), "diffusion").map((p) => p.id)).toEqual(["4"]);
    expect(match([papers[1]!, papers[0]!], "diffusion").map((p) => p.id)).toEqual(["2", "1"]);
  });
});
