import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { IsoDate } from "@/lib/papers/dates";
import { mapHfEntry, mapJsonlRecord } from "@/lib/papers/import/sources";

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(`tests/fixtures/hf/${name}`, "utf8")) as unknown[];

describe("Daily Papers API entries", () => {
  it("reads the old shape (2024: no entry summary, no organization, hard-wrapped abstract)", () => {
    const [entry] = fixture("2024-05-27.json");
    const mapped = mapHfEntry(entry, "2024-05-27" as IsoDate);
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.record).toMatchObject({
      id: "2405.15738",
      title: "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models",
      feedDate: "2024-05-27",
      sourceUpvotes: 32,
      orgHandle: null,
    });
    expect(mapped.record.abstract).toMatch(
      /^High-resolution Large Multimodal Models \(LMMs\) encounter the challenges of excessive visual tokens/,
    );
    expect(mapped.record.abstract).not.toContain("\n");
    expect(mapped.record.authors[0]).toBe("Chunjiang Ge");
    expect(mapped.record.authorCount).toBe(mapped.record.authors.length);
    expect(mapped.record.feedAddedAt.toISOString()).toBe("2024-05-27T03:50:58.348Z");
  });

  it("reads the new shape with an organization", () => {
    const [entry] = fixture("2025-10-03.json");
    const mapped = mapHfEntry(entry, "2025-10-03" as IsoDate);
    expect(mapped.ok && mapped.record).toMatchObject({
      id: "2510.02283",
      orgHandle: "ByteDance-Seed",
      orgName: "ByteDance Seed",
    });
  });

  it("takes the feed date from submittedOnDailyAt when the file name has none", () => {
    const [entry] = fixture("2025-10-03.json");
    const mapped = mapHfEntry(entry, null);
    expect(mapped.ok && mapped.record.feedDate).toBe("2025-10-03");
  });

  it("says what is wrong with a bad entry", () => {
    expect(mapHfEntry({}, null)).toEqual({ ok: false, reason: expect.stringMatching(/paper/) });
    expect(mapHfEntry({ paper: { title: "x" } }, "2025-01-01" as IsoDate)).toEqual({
      ok: false,
      reason: expect.stringMatching(/paper\.id: is missing/),
    });
    expect(mapHfEntry({ paper: { id: "2501.00001" } }, "2025-01-01" as IsoDate)).toEqual({
      ok: false,
      reason: expect.stringMatching(/paper\.title: is missing/),
    });
    expect(mapHfEntry({ paper: { id: "nope", title: "t" } }, "2025-01-01" as IsoDate)).toEqual({
      ok: false,
      reason: expect.stringMatching(/arXiv id/),
    });
    expect(
      mapHfEntry({ paper: { id: "2501.00001", title: "x".repeat(10_000) } }, "2025-01-01" as IsoDate),
    ).toEqual({ ok: false, reason: expect.stringMatching(/longer than 1000/) });
  });
});

describe("JSON Lines records", () => {
  const line = {
    id: "2503.11685",
    title: "CORDIC Is All You Need",
    abstract: "A  b\n c",
    authorCount: 9,
    organization: null,
    date: "2025-03-18",
    upvotes: null,
    authors: ["Omkar Kokane"],
  };

  it("maps a record, keeping an unknown upvote count unknown", () => {
    const mapped = mapJsonlRecord(line);
    expect(mapped.ok && mapped.record).toMatchObject({
      id: "2503.11685",
      abstract: "A b c",
      authorCount: 9,
      feedDate: "2025-03-18",
      sourceUpvotes: null,
      orgHandle: null,
    });
  });

  it("accepts an organization as a name", () => {
    const mapped = mapJsonlRecord({ ...line, organization: "Google" });
    expect(mapped.ok && mapped.record).toMatchObject({ orgHandle: "Google", orgName: "Google" });
  });

  it("refuses a date that is not a calendar day, and a missing id or title", () => {
    expect(mapJsonlRecord({ ...line, date: "2025-02-30" })).toEqual({
      ok: false,
      reason: expect.stringMatching(/not a calendar day/),
    });
    expect(mapJsonlRecord({ ...line, id: undefined })).toEqual({
      ok: false,
      reason: expect.stringMatching(/id: is missing/),
    });
    expect(mapJsonlRecord({ ...line, title: "  " })).toEqual({
      ok: false,
      reason: expect.stringMatching(/title: is empty/),
    });
  });

  it("strips NUL and control characters that Postgres cannot store", () => {
    const mapped = mapJsonlRecord({ ...line, title: "Zero\u0000 width\u0007 \ud800title" });
    expect(mapped.ok && mapped.record.title).toBe("Zero width \ufffdtitle");
  });
});
