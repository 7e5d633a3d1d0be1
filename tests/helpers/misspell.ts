// Typos as readers make them, drawn with a fixed seed: the relevance suite
// and the search benchmark misspell titles the same way.

/** mulberry32: a small seeded generator, so random cases are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Edit = "swap" | "drop" | "double";
export const EDITS: readonly Edit[] = ["swap", "drop", "double"];

/**
 * The title with one word mistyped (two neighbouring letters swapped, one
 * dropped, or one doubled), in a word long enough to have a typo budget
 * after the edit; null when the title has no such word.
 */
export function misspell(title: string, edit: Edit, random: () => number): string | null {
  const words = title.split(" ");
  const candidates = words
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => /^[a-z]+$/i.test(w) && w.length >= (edit === "drop" ? 6 : 5));
  if (!candidates.length) return null;
  const { w, i } = candidates[Math.floor(random() * candidates.length)]!;
  const at = 1 + Math.floor(random() * (w.length - 2)); // not the first letter: readers rarely miss that one
  const typed =
    edit === "swap"
      ? w.slice(0, at) + w[at + 1]! + w[at]! + w.slice(at + 2)
      : edit === "drop"
        ? w.slice(0, at) + w.slice(at + 1)
        : w.slice(0, at) + w[at]! + w.slice(at);
  if (typed.toLowerCase() === w.toLowerCase()) return null;
  words[i] = typed;
  return words.join(" ");
}
