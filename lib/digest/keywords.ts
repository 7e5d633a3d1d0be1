import type { FeedPaper } from "@/lib/papers/queries";

// A subscriber's keywords narrow their digest to papers whose title or
// abstract match. Deliveries match through the search index's tokenizer
// (lib/search/keyword-matcher.ts); matchKeywords below is the plain
// whole-word matcher previews and tests can use.

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

// Papers are matched against many subscribers' keywords in one run: each
// paper's text is tokenized once.
const paperText = new WeakMap<FeedPaper, string>();

function textOf(paper: FeedPaper): string {
  let text = paperText.get(paper);
  if (text === undefined) {
    text = ` ${tokenize(`${paper.title} ${paper.abstract}`).join(" ")} `;
    paperText.set(paper, text);
  }
  return text;
}

/**
 * The default matcher: every keyword must appear as a whole word (or a quoted
 * phrase as consecutive whole words) in the title or abstract, ignoring case.
 * "model" matches "Model" but not "models" or "remodel".
 */
export const matchKeywords: KeywordMatcher = (papers, keywords) => {
  const terms = parseKeywords(keywords).map((words) => ` ${words.join(" ")} `);
  if (!terms.length) return papers;
  return papers.filter((paper) => {
    const text = textOf(paper);
    return terms.every((term) => text.includes(term));
  });
};
