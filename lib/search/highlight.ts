import { processTerm, WORD_PATTERN } from "./options";

// Why a result matched, shown in its own text: the words whose indexed form is
// one of the terms the index reports for the result (the document's terms,
// so prefix and typo matches light up as the word in the text). Words are cut
// and processed exactly as the index does, so "Models" lights up for "model"
// and "Schölkopf" for "scholkopf". Pure; offsets are UTF-16 indices into the
// returned text, half-open: text.slice(start, end) is the highlighted word.

export type HighlightRange = { start: number; end: number };

export type Snippet = {
  /** A passage of the text, whitespace collapsed, with "…" where it was cut. */
  text: string;
  highlights: HighlightRange[];
};

/** A snippet around the best match is at most this long, ellipses included. */
export const SNIPPET_LENGTH = 240;
/** Matches looked at: enough for any abstract, and a bound on the work for a huge text. */
const MAX_MATCHES = 1_000;

type Match = HighlightRange & { term: string };

function findMatches(text: string, terms: ReadonlySet<string>): Match[] {
  const matches: Match[] = [];
  if (!terms.size || !text) return matches;
  for (const word of text.matchAll(WORD_PATTERN)) {
    const processed = processTerm(word[0]);
    const term = Array.isArray(processed)
      ? processed.find((t) => terms.has(t))
      : processed && terms.has(processed)
        ? processed
        : undefined;
    if (term === undefined) continue;
    matches.push({ start: word.index, end: word.index + word[0].length, term });
    if (matches.length >= MAX_MATCHES) break;
  }
  return matches;
}

/** Every matched word in the whole text (for a title). */
export function highlightText(text: string, terms: Iterable<string>): HighlightRange[] {
  return findMatches(text, new Set(terms)).map(({ start, end }) => ({ start, end }));
}

/**
 * A passage of about `maxLength` characters around the best match: the
 * window holding the most distinct matched terms, then the most matches,
 * earliest first. Without a match, the start of the text.
 */
export function makeSnippet(
  text: string,
  terms: Iterable<string>,
  { maxLength = SNIPPET_LENGTH } = {},
): Snippet {
  const length = Math.max(20, Math.floor(maxLength));
  const matches = findMatches(text, new Set(terms));
  // Room for the two ellipses.
  const room = length - 2;
  let start = 0;
  if (matches.length && text.length > room) {
    const best = bestWindow(matches, room);
    // Some context before the first match, but not so much that matches are pushed out.
    const lead = Math.min(Math.floor(room / 5), Math.max(0, room - (best.end - best.start)));
    start = Math.max(0, Math.min(best.start - lead, text.length - room));
  }
  let end = Math.min(text.length, start + room);
  start = wordStartAtOrAfter(text, start, matches.find((m) => m.start >= start)?.start ?? end);
  end = wordEndAtOrBefore(text, start, end);
  const inside = matches.filter((m) => m.start >= start && m.end <= end);
  return collapse(text, start, end, inside);
}

/** The span from a match to the last match within `room` characters, with the most distinct terms. */
function bestWindow(matches: Match[], room: number): HighlightRange {
  let best = { start: matches[0]!.start, end: matches[0]!.end, distinct: 0, count: 0 };
  for (let i = 0; i < matches.length; i++) {
    const first = matches[i]!;
    const seen = new Set<string>();
    let last = first;
    let count = 0;
    for (let j = i; j < matches.length && matches[j]!.end - first.start <= room; j++) {
      seen.add(matches[j]!.term);
      last = matches[j]!;
      count++;
    }
    if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) {
      best = { start: first.start, end: last.end, distinct: seen.size, count };
    }
  }
  return best;
}

// A cut never lands inside a surrogate pair, before a combining mark or a
// zero-width joiner: each would leave half a character on screen.
function isContinuation(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code >= 0xdc00 && code <= 0xdfff) return true;
  if (code === 0x200d) return true;
  const previous = text.charCodeAt(i - 1);
  if (previous === 0x200d) return true;
  return /\p{M}/u.test(text[i] ?? "");
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const isWordAt = (text: string, i: number) => WORD_CHAR.test(text[i] ?? "");

/** Moves a cut forward out of the word it falls in, but never past `limit` (the first match, a word start). */
function wordStartAtOrAfter(text: string, start: number, limit: number): number {
  if (start <= 0) return 0;
  let cut = start;
  if (isWordAt(text, cut - 1)) while (cut < limit && isWordAt(text, cut)) cut++;
  while (cut < text.length && isContinuation(text, cut)) cut++;
  return cut;
}

/** Moves a cut back out of the word it falls in, unless the whole window is one word. */
function wordEndAtOrBefore(text: string, start: number, end: number): number {
  if (end >= text.length) return text.length;
  let cut = end;
  if (isWordAt(text, cut)) while (cut > start && isWordAt(text, cut - 1)) cut--;
  if (cut === start) cut = end;
  while (cut > start && isContinuation(text, cut)) cut--;
  return cut;
}

/** text[start, end) with whitespace runs as one space, ellipses where cut, and the matches moved along. */
function collapse(text: string, start: number, end: number, matches: Match[]): Snippet {
  const lead = start > 0 ? "…" : "";
  let out = lead;
  const at = new Map<number, number>(); // source index -> output index, at match boundaries
  const boundaries = new Set(matches.flatMap((m) => [m.start, m.end]));
  let inSpace = false;
  for (let i = start; i < end; i++) {
    if (boundaries.has(i)) at.set(i, out.length);
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (!inSpace && out.length > lead.length) out += " ";
      inSpace = true;
    } else {
      out += ch;
      inSpace = false;
    }
  }
  if (boundaries.has(end)) at.set(end, out.length);
  out = out.replace(/ $/, "");
  if (end < text.length) out += "…";
  return { text: out, highlights: matches.map((m) => ({ start: at.get(m.start)!, end: at.get(m.end)! })) };
}
