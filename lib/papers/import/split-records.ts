// Splits a byte stream into records without holding the file in memory: the
// elements of a top-level JSON array, or the lines of a JSON Lines file. A
// record longer than maxRecordBytes is reported (and skipped) instead of
// buffered, so a 10 MB title costs a message, not 10 MB per reader.

export type RawRecord = { position: string; text: string } | { position: string; error: string };

export type SplitOptions = { maxRecordBytes: number };

function formatMb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** The lines of a JSON Lines stream; blank lines are skipped. Positions read "line N". */
export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  { maxRecordBytes }: SplitOptions,
): AsyncGenerator<RawRecord> {
  let parts: Buffer[] = [];
  let size = 0;
  let oversize = false;
  let line = 1;
  const finish = (): RawRecord | undefined => {
    const position = `line ${line}`;
    if (oversize)
      return { position, error: `record is larger than ${formatMb(maxRecordBytes)} (${formatMb(size)})` };
    const text = Buffer.concat(parts).toString("utf8").trim();
    return text ? { position, text } : undefined;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      size += end - start;
      if (size > maxRecordBytes) {
        oversize = true;
        parts = [];
      } else if (end > start) {
        parts.push(chunk.subarray(start, end));
      }
      if (nl === -1) break;
      const record = finish();
      if (record) yield record;
      parts = [];
      size = 0;
      oversize = false;
      line += 1;
      start = nl + 1;
    }
  }
  const record = finish();
  if (record) yield record;
}

/**
 * The elements of a top-level JSON array, as JSON text each. Tracks strings
 * and nesting only; JSON.parse judges each element. Positions read "entry N".
 * Throws when the stream is not an array at all.
 */
export async function* splitJsonArray(
  chunks: AsyncIterable<Buffer>,
  { maxRecordBytes }: SplitOptions,
): AsyncGenerator<RawRecord> {
  const OPEN_ARRAY = 0x5b,
    CLOSE_ARRAY = 0x5d,
    OPEN_OBJ = 0x7b,
    CLOSE_OBJ = 0x7d,
    QUOTE = 0x22,
    BACKSLASH = 0x5c,
    COMMA = 0x2c;
  let state = "before" as "before" | "between" | "element" | "after";
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let size = 0;
  let oversize = false;
  let index = 0;
  let elementStart = 0;

  const take = (chunk: Buffer, from: number, to: number) => {
    size += to - from;
    if (size > maxRecordBytes) {
      oversize = true;
      parts = [];
    } else if (to > from) parts.push(chunk.subarray(from, to));
  };
  const finish = (): RawRecord => {
    index += 1;
    const position = `entry ${index}`;
    const record: RawRecord = oversize
      ? { position, error: `record is larger than ${formatMb(maxRecordBytes)} (${formatMb(size)})` }
      : { position, text: Buffer.concat(parts).toString("utf8") };
    parts = [];
    size = 0;
    oversize = false;
    return record;
  };
  const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

  for await (const chunk of chunks) {
    const out: RawRecord[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (state === "element") {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_ARRAY || b === OPEN_OBJ) depth += 1;
        else if (b === CLOSE_ARRAY || b === CLOSE_OBJ) {
          if (depth === 0) {
            // the array closes right after a scalar element
            take(chunk, elementStart, i);
            out.push(finish());
            state = "after";
            continue;
          }
          depth -= 1;
        } else if (b === COMMA && depth === 0) {
          take(chunk, elementStart, i);
          out.push(finish());
          state = "between";
        }
        continue;
      }
      if (isSpace(b)) continue;
      if (state === "before") {
        if (i === 0 && b === 0xef) {
          i += 2;
          continue;
        } // UTF-8 byte order mark
        if (b !== OPEN_ARRAY)
          throw new Error("is not a JSON array (the Daily Papers API returns an array of entries)");
        state = "between";
      } else if (state === "between") {
        if (b === CLOSE_ARRAY && index === 0) state = "after";
        else if (b === COMMA) throw new Error(`has an empty element after entry ${index}`);
        else {
          state = "element";
          depth = 0;
          elementStart = i;
          i -= 1; // let the element branch see this byte
        }
      } else if (state === "after") {
        throw new Error("has text after the closing ] of its array");
      }
    }
    if (state === "element") take(chunk, elementStart, chunk.length);
    elementStart = 0;
    yield* out;
  }
  if (state === "before") throw new Error("is empty");
  if (state !== "after") throw new Error(`ends before its array is closed (after entry ${index})`);
}
