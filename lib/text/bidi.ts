// Imported text (titles, abstracts, names) may carry Unicode's explicit
// direction controls. One that is opened and never closed (a right-to-left
// override in an author's name) reverses everything after it up to the end of
// the paragraph: the next author's name, the date, the page. Two defences,
// used together wherever such text is shown:
//  - the text is isolated: in HTML with <bdi>, in plain text (mail, RSS,
//    subjects, page titles) with FSI ... PDI when it needs it, so that neither
//    its controls nor its own direction (an Arabic title) can reorder the
//    characters around it;
//  - balanceBidi closes what the text opens and drops closers it did not
//    open. The second matters for the plain-text isolate: a stray "pop
//    directional isolate" in the text would close our FSI early, and the
//    override after it would leak again. (Chromium keeps a <bdi> isolated
//    whatever its text holds; mail clients and feed readers are another
//    matter.)

const EMBEDDINGS = new Set(["\u202a", "\u202b", "\u202d", "\u202e"]); // LRE RLE LRO RLO
const POP_DIRECTIONAL_FORMATTING = "\u202c";
const ISOLATES = new Set(["\u2066", "\u2067", "\u2068"]); // LRI RLI FSI
const POP_DIRECTIONAL_ISOLATE = "\u2069";
// Where the bidi algorithm starts a new paragraph: everything open ends there.
const PARAGRAPH_SEPARATORS = new Set(["\n", "\r", "\u001c", "\u001d", "\u001e", "\u0085", "\u2029"]);
// Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and
// their presentation forms, and the astral ones), and every explicit control.
const NEEDS_ISOLATION =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u061c\u202a-\u202e\u2066-\u2069]|[\ud802-\ud803\ud83a-\ud83b][\udc00-\udfff]/;

export const FIRST_STRONG_ISOLATE = "\u2068";

/** `text` with every embedding, override and isolate it opens closed, and every closer it did not open dropped. */
export function balanceBidi(text: string): string {
  if (!/[\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  let out = "";
  const open: ("embedding" | "isolate")[] = [];
  const closeAll = () => {
    while (open.length)
      out += open.pop() === "isolate" ? POP_DIRECTIONAL_ISOLATE : POP_DIRECTIONAL_FORMATTING;
  };
  for (const char of text) {
    if (EMBEDDINGS.has(char)) {
      open.push("embedding");
      out += char;
    } else if (ISOLATES.has(char)) {
      open.push("isolate");
      out += char;
    } else if (char === POP_DIRECTIONAL_FORMATTING) {
      // A PDF closes only an embedding opened inside the current isolate.
      if (open.at(-1) !== "embedding") continue;
      open.pop();
      out += char;
    } else if (char === POP_DIRECTIONAL_ISOLATE) {
      // A PDI closes its isolate and every embedding opened inside it.
      const at = open.lastIndexOf("isolate");
      if (at < 0) continue;
      open.length = at;
      out += char;
    } else if (PARAGRAPH_SEPARATORS.has(char)) {
      closeAll();
      out += char;
    } else {
      out += char;
    }
  }
  closeAll();
  return out;
}

/**
 * Plain text that cannot reorder what stands beside it: balanced, and each of
 * its paragraphs wrapped in FSI ... PDI when it holds right-to-left
 * characters or direction controls (plain left-to-right text is left as it
 * is; an isolate cannot span a paragraph break).
 */
export function isolateText(text: string): string {
  return balanceBidi(text)
    .split(/([\n\r\u001c-\u001e\u0085\u2029])/)
    .map((piece) =>
      NEEDS_ISOLATION.test(piece) ? `${FIRST_STRONG_ISOLATE}${piece}${POP_DIRECTIONAL_ISOLATE}` : piece,
    )
    .join("");
}
