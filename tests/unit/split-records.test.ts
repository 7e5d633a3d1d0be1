import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { splitJsonArray, splitLines, type RawRecord } from "@/lib/papers/import/split-records";

/** Feeds text in chunks of `size` bytes, so records cross chunk boundaries. */
function chunks(text: string, size: number): AsyncIterable<Buffer> {
  const buf = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

async function collect(gen: AsyncIterable<RawRecord>): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe("splitJsonArray", () => {
  const text = JSON.stringify([{ a: "x, ] } [ {", b: [1, { c: '"quoted\\' }] }, { a: "é 😀" }, 3]);

  it("yields each element whatever the chunk size", async () => {
    for (const size of [1, 2, 3, 7, 1024]) {
      const records = await collect(splitJsonArray(chunks(text, size), { maxRecordBytes: 1000 }));
      expect(records.map((r) => ("text" in r ? JSON.parse(r.text) : r))).toEqual(JSON.parse(text));
      expect(records.map((r) => r.position)).toEqual(["entry 1", "entry 2", "entry 3"]);
    }
  });

  it("reports an oversized element and carries on", async () => {
    const big = JSON.stringify([{ title: "x".repeat(5000) }, { title: "ok" }]);
    const records = await collect(splitJsonArray(chunks(big, 100), { maxRecordBytes: 1000 }));
    expect(records[0]).toMatchObject({ position: "entry 1", error: expect.stringMatching(/larger than/) });
    expect(records[1]).toEqual({ position: "entry 2", text: '{"title":"ok"}' });
  });

  it("handles an empty array and refuses what is not an array", async () => {
    expect(await collect(splitJsonArray(chunks("  [ ] ", 2), { maxRecordBytes: 100 }))).toEqual([]);
    await expect(collect(splitJsonArray(chunks('{"data": []}', 4), { maxRecordBytes: 100 }))).rejects.toThrow(
      /not a JSON array/,
    );
    await expect(collect(splitJsonArray(chunks("hello", 4), { maxRecordBytes: 100 }))).rejects.toThrow(
      /not a JSON array/,
    );
    await expect(collect(splitJsonArray(chunks("", 4), { maxRecordBytes: 100 }))).rejects.toThrow(/empty/);
    await expect(
      collect(splitJsonArray(chunks('[{"a":1},{"b":', 4), { maxRecordBytes: 100 })),
    ).rejects.toThrow(/ends before/);
  });
});

describe("splitLines", () => {
  it("yields non-blank lines with their line numbers", async () => {
    const records = await collect(
      splitLines(chunks('{"a":1}\n\n{"b":2}\r\n{"c":3}', 3), { maxRecordBytes: 100 }),
    );
    expect(records).toEqual([
      { position: "line 1", text: '{"a":1}' },
      { position: "line 3", text: '{"b":2}' },
      { position: "line 4", text: '{"c":3}' },
    ]);
  });

  it("reports an oversized line without buffering it", async () => {
    const records = await collect(
      splitLines(chunks(`{"t":"${"x".repeat(500)}"}\n{"ok":1}\n`, 64), { maxRecordBytes: 100 }),
    );
    expect(records[0]).toMatchObject({ position: "line 1", error: expect.stringMatching(/larger than/) });
    expect(records[1]).toEqual({ position: "line 2", text: '{"ok":1}' });
  });
});
