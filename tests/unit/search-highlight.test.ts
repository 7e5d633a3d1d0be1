import { describe, expect, it } from "vitest";
import { highlightText, makeSnippet, SNIPPET_LENGTH, type Snippet } from "@/lib/search/highlight";

const marked = (s: Snippet | { text: string; highlights: { start: number; end: number }[] }) =>
  s.highlights.reduceRight(
    (text, h) => `${text.slice(0, h.start)}[${text.slice(h.start, h.end)}]${text.slice(h.end)}`,
    s.text,
  );

const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe("highlighting a title", () => {
  it("marks whole words whose indexed form matched, whatever their case, plural or accents", () => {
    const title = "Sparse Models: Schölkopf's 2:4 Sparsity for LLMs";
    const h = highlightText(title, ["model", "scholkopf", "sparsity", "llm"]);
    expect(marked({ text: title, highlights: h })).toBe(
      "Sparse [Models]: [Schölkopf]'s 2:4 [Sparsity] for [LLMs]",
    );
  });

  it("marks nothing for no terms, stop words or an empty text", () => {
    expect(highlightText("The model", [])).toEqual([]);
    expect(highlightText("The model", ["the"])).toEqual([]);
    expect(highlightText("", ["model"])).toEqual([]);
  });

  it("marks right-to-left and CJK words by UTF-16 offsets", () => {
    const title = "نموذج لغوي 🤖 大型语言模型";
    const h = highlightText(title, ["لغوي", "大型语言模型"]);
    expect(h.map((r) => title.slice(r.start, r.end))).toEqual(["لغوي", "大型语言模型"]);
  });
});

describe("an abstract snippet", () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i}`).join(" ");

  it("is the whole text, highlighted, when the text is short", () => {
    const s = makeSnippet("We prune  large\nmodels with 2:4 sparsity.", ["prune", "sparsity"]);
    expect(marked(s)).toBe("We [prune] large models with 2:4 [sparsity].");
  });

  it("centres on the window with the most distinct matched terms, cut at word boundaries with ellipses", () => {
    const text = `${filler(60)} sparsity once. ${filler(60)} Here pruning meets sparsity and pruning again. ${filler(60)}`;
    const s = makeSnippet(text, ["pruning", "sparsity"]);
    expect(s.text.length).toBeLessThanOrEqual(SNIPPET_LENGTH);
    expect(s.text.startsWith("…")).toBe(true);
    expect(s.text.endsWith("…")).toBe(true);
    expect(marked(s)).toContain("Here [pruning] meets [sparsity] and [pruning] again.");
    // Cut between words: the first and last words shown are whole words of the text.
    const words = s.text.slice(1, -1).split(" ");
    expect(text.split(/\s+/)).toEqual(expect.arrayContaining([words[0], words.at(-1)]));
    for (const h of s.highlights) expect(s.text.slice(h.start, h.end)).toMatch(/^(pruning|sparsity)$/);
  });

  it("is the start of the text when nothing matched (a title or author match)", () => {
    const s = makeSnippet(filler(100), ["absent"]);
    expect(s.highlights).toEqual([]);
    expect(s.text.startsWith("filler0 filler1")).toBe(true);
    expect(s.text.endsWith("…")).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(SNIPPET_LENGTH);
  });

  it("never splits a surrogate pair, a combining mark or an emoji sequence", () => {
    const pieces = ["🤖", "👩‍🔬", "e\u0301", "𝑥", "𠀋"];
    for (const piece of pieces) {
      for (let shift = 0; shift < 7; shift++) {
        const text = `${"z".repeat(shift)}${piece.repeat(400)} sparsity ${piece.repeat(400)}`;
        const s = makeSnippet(text, ["sparsity"], { maxLength: 60 });
        expect(hasLoneSurrogate(s.text)).toBe(false);
        expect(s.text).not.toMatch(/^…[\u0301\u200d]/);
        expect(s.text).not.toMatch(/\u200d…$/);
        expect(marked(s)).toContain("[sparsity]");
      }
    }
    // One long word without spaces (CJK): cut inside it, still on character boundaries.
    const cjk = `${"𠀋".repeat(300)}模型${"𠀋".repeat(300)}`;
    const s = makeSnippet(cjk, ["x"], { maxLength: 50 });
    expect(hasLoneSurrogate(s.text)).toBe(false);
  });

  it("keeps offsets right across collapsed whitespace and a leading ellipsis", () => {
    const text = `${filler(80)}\n\nThe   second\tparagraph   about  pruning.`;
    const s = makeSnippet(text, ["pruning", "paragraph"]);
    for (const h of s.highlights) expect(s.text.slice(h.start, h.end)).toMatch(/^(pruning|paragraph)$/);
    expect(s.text).toContain("second paragraph about pruning.");
  });

  it("handles hostile text quickly", () => {
    const started = performance.now();
    const huge = "sparsity ".repeat(20_000);
    const s = makeSnippet(huge, ["sparsity"]);
    expect(s.text.length).toBeLessThanOrEqual(SNIPPET_LENGTH);
    expect(makeSnippet("", ["x"])).toEqual({ text: "", highlights: [] });
    expect(makeSnippet("\u0000\u0000 nul", ["nul"]).highlights).toHaveLength(1);
    expect(makeSnippet("x", ["x"], { maxLength: -5 }).text).toBe("x");
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
