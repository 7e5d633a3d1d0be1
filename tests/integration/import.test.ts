import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importFiles } from "@/lib/papers/import/import-files";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const run = promisify(execFile);
let database: TestDatabase;
let tmp: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-import-"));
});
afterAll(async () => {
  await database.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function write(name: string, content: string | object): Promise<string> {
  const file = path.join(tmp, name);
  await fs.writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
const paper = (id: string, over: object = {}) => ({
  id,
  title: `Paper ${id}`,
  abstract: "An abstract.",
  authorCount: 1,
  organization: null,
  date: "2025-03-18",
  upvotes: 5,
  authors: ["A. Author"],
  ...over,
});

describe("importing the shipped sample", () => {
  it("loads every day, and a second run changes nothing", async () => {
    const first = await importFiles(["prisma/sample"]);
    expect(first.files).toBe(60);
    expect(first.invalid).toBe(0);
    expect(first.inserted).toBe(first.read);
    expect(await db().paper.count()).toBe(first.read);

    const before = await db().paper.findMany({
      orderBy: { id: "asc" },
      select: { id: true, updatedAt: true },
    });
    const second = await importFiles(["prisma/sample"]);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: first.read, invalid: 0 });
    const after = await db().paper.findMany({
      orderBy: { id: "asc" },
      select: { id: true, updatedAt: true },
    });
    expect(after).toEqual(before);
  });

  it("stores the day as the file says: same papers on the file's date", async () => {
    const file = JSON.parse(
      (await import("node:zlib"))
        .gunzipSync(await fs.readFile("prisma/sample/2026-03-31.json.gz"))
        .toString(),
    ) as { paper: { id: string; upvotes: number } }[];
    const stored = await db().paper.findMany({
      where: { feedDate: new Date("2026-03-31T00:00:00Z") },
      select: { id: true, upvotes: true },
    });
    expect(new Set(stored.map((p) => p.id))).toEqual(new Set(file.map((e) => e.paper.id)));
    for (const e of file) expect(stored.find((p) => p.id === e.paper.id)?.upvotes).toBe(e.paper.upvotes);
  });
});

describe("re-imports", () => {
  it("updates upvotes and fields from a newer file, and keeps local votes apart", async () => {
    const id = "2601.00001";
    await importFiles([await write("a.jsonl", jsonl([paper(id, { upvotes: 5 })]))]);
    await db().$executeRaw`UPDATE papers SET local_upvotes = 3, upvotes = upvotes + 3 WHERE id = ${id}`;
    const s = await importFiles([
      await write("b.jsonl", jsonl([paper(id, { upvotes: 9, title: "Paper renamed" })])),
    ]);
    expect(s).toMatchObject({ updated: 1, inserted: 0 });
    const stored = await db().paper.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ title: "Paper renamed", sourceUpvotes: 9, localUpvotes: 3, upvotes: 12 });

    // A source without upvotes (an arXiv listing) keeps the known count.
    await importFiles([
      await write("c.jsonl", jsonl([paper(id, { upvotes: null, title: "Paper renamed" })])),
    ]);
    expect(await db().paper.findUniqueOrThrow({ where: { id } })).toMatchObject({
      sourceUpvotes: 9,
      upvotes: 12,
    });
  });

  it("keeps a paper listed on two dates on the earliest, and says so", async () => {
    const id = "2601.00002";
    const s1 = await importFiles([await write("late.jsonl", jsonl([paper(id, { date: "2025-03-20" })]))]);
    expect(s1.inserted).toBe(1);
    const s2 = await importFiles([
      await write(
        "early.jsonl",
        jsonl([paper(id, { date: "2025-03-18" }), paper(id, { date: "2025-03-19" })]),
      ),
    ]);
    expect(s2.relistedCount).toBeGreaterThanOrEqual(2);
    expect(s2.relisted).toContainEqual({ id, kept: "2025-03-18", alsoOn: "2025-03-20" });
    expect(s2.duplicates).toBe(1);
    const stored = await db().paper.findUniqueOrThrow({ where: { id } });
    expect(stored.feedDate.toISOString().slice(0, 10)).toBe("2025-03-18");
  });
});

describe("a paper listed on two days in one import", () => {
  it("keeps the earliest date and the later listing's count, whichever order they come in", async () => {
    const [a, b] = ["2601.00003", "2601.00004"];
    const s = await importFiles([
      await write(
        "relisted.jsonl",
        jsonl([
          paper(a, { date: "2025-04-01", upvotes: 5 }),
          paper(a, { date: "2025-04-03", upvotes: 40, title: "Later title" }),
          paper(b, { date: "2025-04-03", upvotes: 40 }),
          paper(b, { date: "2025-04-01", upvotes: 5 }),
        ]),
      ),
    ]);
    expect(s).toMatchObject({ inserted: 2, duplicates: 2 });
    for (const id of [a, b]) {
      const stored = await db().paper.findUniqueOrThrow({ where: { id } });
      expect(stored.feedDate.toISOString().slice(0, 10)).toBe("2025-04-01");
      expect(stored.upvotes).toBe(40);
    }
    expect((await db().paper.findUniqueOrThrow({ where: { id: a } })).title).toBe("Later title");
  });

  it("across two day files of a folder, the later day's count wins", async () => {
    const dir = path.join(tmp, "days");
    await fs.mkdir(dir);
    const entry = (upvotes: number, day: string) => ({
      paper: { id: "2601.00005", title: "Relisted", summary: "An abstract.", authors: [], upvotes },
      publishedAt: `${day}T08:00:00.000Z`,
    });
    await fs.writeFile(path.join(dir, "2025-05-01.json"), JSON.stringify([entry(3, "2025-05-01")]));
    await fs.writeFile(path.join(dir, "2025-05-04.json"), JSON.stringify([entry(21, "2025-05-04")]));
    await importFiles([dir]);
    const stored = await db().paper.findUniqueOrThrow({ where: { id: "2601.00005" } });
    expect(stored.feedDate.toISOString().slice(0, 10)).toBe("2025-05-01");
    expect(stored.upvotes).toBe(21);
  });
});

describe("what the Daily Papers API carries beside the paper", () => {
  it("stores code, stars, project page, AI summary and keywords, submitter and comments, and keeps them", async () => {
    const [entry] = JSON.parse(
      (await import("node:zlib"))
        .gunzipSync(await fs.readFile("prisma/sample/2026-03-31.json.gz"))
        .toString(),
    ) as {
      paper: { id: string; githubRepo?: string; projectPage?: string; ai_keywords?: string[] };
      numComments: number;
      submittedBy: { name: string; fullname: string };
    }[];
    const id = entry!.paper.id;
    const stored = await db().paper.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({
      projectPage: entry!.paper.projectPage ?? null,
      githubRepo: entry!.paper.githubRepo ?? null,
      submitterHandle: entry!.submittedBy.name,
      submitterName: entry!.submittedBy.fullname,
      numComments: entry!.numComments,
    });
    expect(stored.aiSummary).toMatch(/\w/);
    expect(stored.aiKeywords).toEqual(entry!.paper.ai_keywords);

    // A source without them (an arXiv listing) changes the title but keeps every one of them.
    await importFiles([
      await write(
        "arxiv.jsonl",
        jsonl([paper(id, { date: "2026-03-31", upvotes: null, title: "From arXiv" })]),
      ),
    ]);
    const after = await db().paper.findUniqueOrThrow({ where: { id } });
    expect(after.title).toBe("From arXiv");
    expect(after).toMatchObject({
      projectPage: stored.projectPage,
      githubRepo: stored.githubRepo,
      aiSummary: stored.aiSummary,
      aiKeywords: stored.aiKeywords,
      submitterHandle: stored.submitterHandle,
      numComments: stored.numComments,
    });
  });

  it("drops a link that is not http(s) and keeps the paper", async () => {
    const file = await write("2025-06-02.json", [
      {
        paper: {
          id: "2601.00006",
          title: "Links",
          summary: "An abstract.",
          authors: [],
          upvotes: 1,
          githubRepo: "javascript:alert(1)",
          projectPage: "https://example.org/project",
          githubStars: -4,
        },
      },
    ]);
    const s = await importFiles([file]);
    expect(s.inserted).toBe(1);
    expect(await db().paper.findUniqueOrThrow({ where: { id: "2601.00006" } })).toMatchObject({
      githubRepo: null,
      githubStars: null,
      projectPage: "https://example.org/project",
      aiKeywords: [],
    });
  });
});

describe("bad input", () => {
  it("reports each invalid record with file, position and reason, and imports the rest", async () => {
    const file = await write(
      "mixed.jsonl",
      [
        JSON.stringify(paper("2601.00010")),
        "{not json",
        JSON.stringify(paper("2601.00011", { title: undefined })),
        JSON.stringify(paper("2601.00012", { date: "2025-02-30" })),
        JSON.stringify(paper("2601.00013", { title: "x".repeat(10 * 1024 * 1024) })),
        JSON.stringify({ title: "no id", date: "2025-03-18" }),
        JSON.stringify(paper("2601.00014", { abstract: "nul\u0000byte" })),
      ].join("\n"),
    );
    const s = await importFiles([file]);
    expect(s.inserted).toBe(2);
    expect(s.invalid).toBe(5);
    const reasons = s.invalidRecords.map((r) => `${path.basename(r.file)} ${r.position}: ${r.reason}`);
    expect(reasons).toEqual([
      expect.stringMatching(/^mixed\.jsonl line 2: not valid JSON/),
      expect.stringMatching(/^mixed\.jsonl line 3: title: is missing/),
      expect.stringMatching(/^mixed\.jsonl line 4: date: "2025-02-30" is not a calendar day/),
      expect.stringMatching(/^mixed\.jsonl line 5: record is larger than/),
      expect.stringMatching(/^mixed\.jsonl line 6: id: is missing/),
    ]);
    expect(await db().paper.findUnique({ where: { id: "2601.00011" } })).toBeNull();
    expect((await db().paper.findUniqueOrThrow({ where: { id: "2601.00014" } })).abstract).toBe("nulbyte");
  });

  it("CLI: a file that is not JSON exits non-zero with a clear message and writes nothing", async () => {
    const file = await write("2025-01-01.json", "this is not json");
    const count = await db().paper.count();
    const result = await run(
      "node",
      ["--conditions=react-server", "--import", "tsx", "lib/cli/import.ts", file],
      { env: { ...process.env } },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect("code" in result ? result.code : 0).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/2025-01-01\.json is not a JSON array/);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await db().paper.count()).toBe(count);
  });

  it("CLI: a missing file is named, and a good run exits 0 with a summary", async () => {
    const bad = await run(
      "node",
      ["--conditions=react-server", "--import", "tsx", "lib/cli/import.ts", path.join(tmp, "nope.jsonl")],
      { env: { ...process.env } },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect("code" in bad && bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/nope\.jsonl no such file/);

    const good = await run(
      "node",
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "lib/cli/import.ts",
        "tests/fixtures/jsonl/arxiv-sample.jsonl.gz",
      ],
      { env: { ...process.env } },
    );
    expect(good.stdout).toMatch(/read\s+30\n\s+inserted\s+30\n/);
  });
});
