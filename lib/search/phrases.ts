import { processTerm, WORD_PATTERN } from "./options";

// Whole phrases to suggest, read from the titles that match what is typed:
// where a title has the typed words in a row (the last one as a prefix), the
// words from there to the end of its clause, cut to a few words. A phrase
// found in several titles is a phrase readers use ("speculative decoding
// with", "mixture of experts"); one found once is only a title.

/** Words a suggested phrase runs past the typed ones. */
const MORE_WORDS = 2;
/** Titles a phrase must be found in to be offered. */
const MIN_TITLES = 2;

type Word = { text: string; term: string | null; start: number; end: number };

function wordsOf(title: string): Word[] {
  return [...title.matchAll(WORD_PATTERN)].map((m) => {
    const processed = processTerm(m[0]);
    return {
      text: m[0].toLowerCase(),
      term: typeof processed === "string" ? processed : null,
      start: m.index,
      end: m.index + m[0].length,
    };
  });
}

/**
 * Phrases of the titles that continue the typed terms (processed, the last
 * one being typed when `prefixLast`), most frequent first, each in the
 * titles' own words, lower-cased.
 */
export function phrasesFrom(titles: string[], terms: string[], prefixLast: boolean, limit: number): string[] {
  if (!terms.length) return [];
  const counts = new Map<string, number>();
  for (const title of titles) {
    const words = wordsOf(title);
    const seen = new Set<string>();
    for (let i = 0; i < words.length; i++) {
      // Match the typed terms in a row, stop words between them allowed.
      let w = i;
      let t = 0;
      while (w < words.length && t < terms.length) {
        const word = words[w]!;
        const last = t === terms.length - 1;
        if (word.term === null && t > 0) {
          w++;
          continue;
        }
        const hit = word.term === terms[t] || (last && prefixLast && word.term?.startsWith(terms[t]!));
        if (!hit) break;
        t++;
        w++;
      }
      if (t < terms.length) continue;
      // The span typed, and that span run on by up to MORE_WORDS words of the same clause.
      for (let end = w, more = 0; end <= words.length && more <= MORE_WORDS; end++) {
        if (end > w) {
          if (/[:;,.?!()[\]]/.test(title.slice(words[end - 2]!.end, words[end - 1]!.start))) break;
          if (words[end - 1]!.term === null) continue; // a phrase ends on a word that means something
          more++;
        }
        const phrase = words
          .slice(i, end)
          .map((x) => x.text)
          .join(" ");
        // The words as typed, all finished, are no suggestion.
        if (end === w && !prefixLast) continue;
        if (!seen.has(phrase)) {
          seen.add(phrase);
          counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
        }
      }
      break;
    }
  }
  return [...counts]
    .filter(([, n]) => n >= MIN_TITLES)
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([phrase]) => phrase);
}
