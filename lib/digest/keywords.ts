import type { FeedPaper } from "@/lib/papers/queries";

// A subscriber's keywords narrow their digest to the papers they match. The
// matching is the search box's, in lib/search/keyword-matcher.ts (the dry run
// and the send alike); this module only reads and stores what was typed.

/** Papers (in the given order) that match the keywords; an empty or blank string matches everything. */
export type KeywordMatcher = (papers: FeedPaper[], keywords: string) => Promise<FeedPaper[]> | FeedPaper[];

export const MAX_KEYWORDS_LENGTH = 200;

/**
 * "diffusion robotics" -> ["diffusion", "robotics"]; a quoted "large language
 * model" stays one phrase. Commas separate too. Lower-cased, reduced to the
 * words the text matcher sees, so "text-to-image" is the phrase "text to image".
 */
export function parseKeywords(keywords: string): string[][] {
  const terms: string[][] = [];
  for (const match of keywords.matchAll(/"([^"]*)"|([^\s,"]+)/g)) {
    const words = tokenize(match[1] ?? match[2] ?? "");
    if (words.length) terms.push(words);
  }
  return terms;
}

/** The keywords as a subscriber would write them back: the canonical form stored. */
export function normalizeKeywords(keywords: string): string | null {
  const terms = parseKeywords(keywords).map((words) =>
    words.length > 1 ? `"${words.join(" ")}"` : words[0]!,
  );
  return terms.length ? [...new Set(terms)].join(" ") : null;
}

function tokenize(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}
