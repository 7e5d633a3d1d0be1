import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IsoDate } from "@/lib/papers/dates";
import { mapHfEntry, mapJsonlRecord } from "@/lib/papers/import/sources";
import { splitJsonArray, splitLines } from "@/lib/papers/import/split-records";

// The import parser on generated garbage: it may refuse a file or a record,
// with a message, but never crash, hang or let an invalid record through.

const chunked = (bytes: Uint8Array, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      Buffer.from(bytes.subarray(i * size, (i + 1) * size)),
    ),
  );

async function drain(gen: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of gen) n += 1;
  return n;
}

const anyJson = fc.jsonValue({ maxDepth: 4 });
const paperLike = fc.record(
  {
    id: fc.oneof(
      fc.string(),
      fc.constantFrom("2405.15738", "2405.15738v3", "arXiv:2501.00001", "1234.5", ""),
    ),
    title: fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.string({ unit: "grapheme", maxLength: 50 }),
      fc.constant("x".repeat(5000)),
    ),
    abstract: fc.oneof(fc.string(), fc.constant(null)),
    authorCount: fc.oneof(fc.integer(), fc.double(), fc.constant(null)),
    authors: fc.oneof(fc.array(fc.string()), fc.constant(null), fc.string()),
    organization: fc.oneof(
      fc.string(),
      fc.constant(null),
      fc.record({ name: fc.string(), fullname: fc.string() }),
    ),
    date: fc.oneof(
      fc.string(),
      fc.constantFrom("2025-02-30", "2025-13-01", "2025-03-18", "2024-02-29", "0000-01-01"),
    ),
    upvotes: fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.string()),
  },
  { requiredKeys: [] },
);

describe("import parser under generated input", () => {
  it("splits arbitrary bytes into records or refuses the file with a message", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.integer({ min: 1, max: 64 }),
        async (bytes, size) => {
          const lines = await drain(splitLines(chunked(bytes, size), { maxRecordBytes: 100 }));
          expect(lines).toBeGreaterThanOrEqual(0);
          await drain(splitJsonArray(chunked(bytes, size), { maxRecordBytes: 100 })).catch((e: Error) => {
            expect(e.message).toMatch(/JSON array|empty|ends before|text after|empty element/);
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("splits any JSON array into exactly its elements", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyJson, { maxLength: 8 }),
        fc.integer({ min: 1, max: 32 }),
        async (values, size) => {
          const records: unknown[] = [];
          for await (const r of splitJsonArray(chunked(Buffer.from(JSON.stringify(values)), size), {
            maxRecordBytes: 1_000_000,
          })) {
            records.push("text" in r ? JSON.parse(r.text) : r);
          }
          expect(records).toEqual(JSON.parse(JSON.stringify(values)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("maps any record to a valid paper or to a reason, never throws", () => {
    fc.assert(
      fc.property(fc.oneof(paperLike, anyJson), (value) => {
        for (const mapped of [
          mapJsonlRecord(value),
          mapHfEntry({ paper: value }, "2025-03-18" as IsoDate),
          mapHfEntry(value, null),
        ]) {
          if (mapped.ok) {
            expect(mapped.record.id).toMatch(/^\d{4}\.\d{4,5}$/);
            expect(mapped.record.title.length).toBeGreaterThan(0);
            expect(mapped.record.title.length).toBeLessThanOrEqual(1000);
            expect(mapped.record.title).not.toMatch(/\u0000/);
            expect(mapped.record.feedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          } else {
            expect(mapped.reason.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 5000 },
    );
  });
});
