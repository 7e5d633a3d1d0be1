import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { IsoDate } from "@/lib/papers/dates";
import { importFiles } from "@/lib/papers/import/import-files";
import { getFeedPapers, getPaper } from "@/lib/papers/queries";
import { listVotedPapers, setVote } from "@/lib/papers/vote-queries";
import { findPaperByUrlId } from "@/lib/papers/paper";
import { editPaper, hidePaper, submitPaper } from "@/lib/papers/submissions";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
let tmp: string;
const day = "2025-03-18" as IsoDate;

beforeAll(async () => {
  database = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-votes-"));
  await importJsonl([paper("2503.00001", 10), paper("2503.00002", 9), paper("2503.00003", 0)]);
});
afterAll(async () => {
  await database.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

function paper(id: string, upvotes: number | null) {
  return {
    id,
    title: `Paper ${id}`,
    abstract: "An abstract long enough.",
    authorCount: 1,
    organization: null,
    date: day,
    upvotes,
    authors: ["A. Author"],
  };
}
async function importJsonl(records: object[]) {
  const file = path.join(tmp, `${Math.random()}.jsonl`);
  await fs.writeFile(file, records.map((r) => JSON.stringify(r)).join("\n"));
  return importFiles([file]);
}
const user = (email: string) => db().user.create({ data: { email } });
const stored = (id: string) =>
  db().paper.findUniqueOrThrow({
    where: { id },
    select: { sourceUpvotes: true, localUpvotes: true, upvotes: true },
  });
const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};

describe("upvotes", () => {
  it("toggles one vote per user, and the shown count is imported + votes", async () => {
    const alice = await user("alice@example.org");
    expect(await setVote(alice.id, "2503.00001", true)).toEqual({ voted: true, upvotes: 11 });
    expect(await setVote(alice.id, "2503.00001", true)).toEqual({ voted: true, upvotes: 11 }); // again: still one vote
    expect(await stored("2503.00001")).toEqual({ sourceUpvotes: 10, localUpvotes: 1, upvotes: 11 });
    expect(await setVote(alice.id, "2503.00001", false)).toEqual({ voted: false, upvotes: 10 });
    expect(await setVote(alice.id, "2503.00001", false)).toEqual({ voted: false, upvotes: 10 });
    await expect(setVote(alice.id, "9999.99999", true)).rejects.toThrow(/No paper/);
  });

  it("ends consistent after 50 concurrent toggles by one user", async () => {
    const bob = await user("bob@example.org");
    const wishes = Array.from({ length: 50 }, (_, i) => i % 3 !== 0);
    await Promise.all(wishes.map((on) => setVote(bob.id, "2503.00002", on)));
    const votes = await db().vote.count({ where: { paperId: "2503.00002" } });
    expect(votes === 0 || votes === 1).toBe(true);
    expect(await stored("2503.00002")).toEqual({ sourceUpvotes: 9, localUpvotes: votes, upvotes: 9 + votes });
  });

  it("keeps local votes through a re-import that changes the imported count", async () => {
    const carol = await user("carol@example.org");
    const dave = await user("dave@example.org");
    await setVote(carol.id, "2503.00003", true);
    await setVote(dave.id, "2503.00003", true);
    await importJsonl([paper("2503.00003", 5)]);
    expect(await stored("2503.00003")).toEqual({ sourceUpvotes: 5, localUpvotes: 2, upvotes: 7 });
    await importJsonl([paper("2503.00003", null)]); // a source without upvotes keeps them
    expect(await stored("2503.00003")).toEqual({ sourceUpvotes: 5, localUpvotes: 2, upvotes: 7 });
  });

  it("ranks the feed by the shown count and lists a user's votes", async () => {
    const voters = await Promise.all(Array.from({ length: 12 }, (_, i) => user(`voter${i}@example.org`)));
    await Promise.all(voters.map((v) => setVote(v.id, "2503.00003", true))); // 5 imported + 14 votes
    const { papers } = await getFeedPapers({ start: day, end: day, sort: "upvotes", offset: 0, limit: 10 });
    expect(papers[0]).toMatchObject({ id: "2503.00003", upvotes: 19 });
    const mine = await listVotedPapers(voters[0]!.id, { offset: 0, limit: 10 });
    expect(mine).toMatchObject({ total: 1, papers: [{ id: "2503.00003" }] });
  });
});

const good = {
  id: "2504.11111",
  title: "A submitted paper",
  abstract: "What this paper does, in more than twenty characters.",
  authors: "Ada Lovelace\nAlan Turing",
  organization: "",
};

describe("submissions", () => {
  it("adds a paper to today's feed in the submitter's name", async () => {
    const erin = await db().user.create({ data: { email: "erin@example.org", name: "Erin" } });
    expect(await submitPaper(erin.id, form(good))).toEqual({ ok: true, id: "2504.11111", values: good });
    const stored = await getPaper("2504.11111");
    expect(stored).toMatchObject({
      title: "A submitted paper",
      authors: ["Ada Lovelace", "Alan Turing"],
      authorCount: 2,
      submittedBy: "Erin",
      upvotes: 0,
    });
    expect(stored!.feedDate).toBe(new Date().toISOString().slice(0, 10));
  });

  it("says an id is already in the feed, with the id to link to", async () => {
    const frank = await user("frank@example.org");
    expect(await submitPaper(frank.id, form({ ...good, id: "2503.00001" }))).toEqual({
      ok: false,
      error: "2503.00001 is already in the feed.",
      existingId: "2503.00001",
      values: { ...good, id: "2503.00001" },
    });
    // Two submissions racing for one id: the primary key lets one in.
    const results = await Promise.all([
      submitPaper(frank.id, form({ ...good, id: "2504.22222" })),
      submitPaper(frank.id, form({ ...good, id: "2504.22222" })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("refuses 5,000 authors, a 1 MB abstract and a bad id, with a message", async () => {
    const gina = await user("gina@example.org");
    const authors = Array.from({ length: 5000 }, (_, i) => `Author ${i}`).join("\n");
    expect(await submitPaper(gina.id, form({ ...good, id: "2504.33333", authors }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/more than 4000 authors/),
    });
    expect(
      await submitPaper(gina.id, form({ ...good, id: "2504.33333", abstract: "x".repeat(1024 * 1024) })),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/abstract: is longer than 20000 characters/) });
    expect(await submitPaper(gina.id, form({ ...good, id: "not-an-id" }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/id: is not an arXiv id/),
    });
    expect(await db().paper.findUnique({ where: { id: "2504.33333" } })).toBeNull();
  });
});

describe("old-style arXiv ids", () => {
  it("are submitted, voted on, edited and hidden like modern ones, stored without a version", async () => {
    const hana = await user("hana@example.org");
    const oldStyle = { ...good, id: "arXiv:hep-th/0101001v2" };
    expect(await submitPaper(hana.id, form(oldStyle))).toMatchObject({ ok: true, id: "hep-th/0101001" });
    expect(await setVote(hana.id, "hep-th/0101001", true)).toEqual({ voted: true, upvotes: 1 });
    expect(await editPaper("hep-th/0101001", form({ ...oldStyle, title: "Edited" }))).toMatchObject({
      ok: true,
    });
    expect(await getPaper("hep-th/0101001")).toMatchObject({ title: "Edited", upvotes: 1 });
    expect(await findPaperByUrlId("hep-th/0101001")).toMatchObject({ id: "hep-th/0101001" });
    expect(await findPaperByUrlId("hep-th%2F0101001v2")).toMatchObject({ id: "hep-th/0101001" });
    await hidePaper("hep-th/0101001", true);
    expect(await getPaper("hep-th/0101001")).toBeNull();
  });
});

describe("hiding", () => {
  it("takes a paper out of the feed and the paper page, and brings it back", async () => {
    await hidePaper("2503.00002", true);
    const { papers } = await getFeedPapers({ start: day, end: day, sort: "upvotes", offset: 0, limit: 10 });
    expect(papers.map((p) => p.id)).not.toContain("2503.00002");
    expect(await getPaper("2503.00002")).toBeNull();
    expect(await getPaper("2503.00002", { includeHidden: true })).toMatchObject({ hidden: true });
    await hidePaper("2503.00002", false);
    expect(await getPaper("2503.00002")).toMatchObject({ hidden: false });
  });
});
