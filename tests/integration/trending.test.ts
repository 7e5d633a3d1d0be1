import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlPool } from "@/lib/db";
import { addDays, todayUtc } from "@/lib/papers/dates";
import { getFeedPapers } from "@/lib/papers/queries";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { addPapers } from "../helpers/digest";

// The trending sort weighs upvotes by age; the feed's own order is by upvotes.

let database: TestDatabase;
const today = todayUtc();
const weekAgo = addDays(today, -6);

beforeAll(async () => {
  database = await createTestDatabase();
  await addPapers(weekAgo, [{ id: "2601.00001", upvotes: 60 }]);
  await addPapers(today, [{ id: "2601.00002", upvotes: 30 }]);
  // Entered the feed two hours ago and six days ago.
  await sqlPool().query(
    `UPDATE papers SET feed_added_at = now() - CASE id WHEN '2601.00002' THEN interval '2 hours' ELSE interval '6 days' END`,
  );
});
afterAll(() => database.drop());

describe("sorting the feed", () => {
  const span = { start: weekAgo, end: today, offset: 0, limit: 10 };

  it("by upvotes: the week-old paper with 60 first", async () => {
    const { papers } = await getFeedPapers({ ...span, sort: "upvotes" });
    expect(papers.map((p) => p.id)).toEqual(["2601.00001", "2601.00002"]);
  });

  it("trending: the fresh paper with 30 outranks the week-old one with 60, and the total counts both", async () => {
    const { papers, total } = await getFeedPapers({ ...span, sort: "trending" });
    expect(papers.map((p) => p.id)).toEqual(["2601.00002", "2601.00001"]);
    expect(total).toBe(2);
    expect(
      (await getFeedPapers({ ...span, sort: "trending", offset: 1, limit: 1 })).papers.map((p) => p.id),
    ).toEqual(["2601.00001"]);
  });
});
