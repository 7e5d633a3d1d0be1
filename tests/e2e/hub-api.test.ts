import fs from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, inject, it } from "vitest";

// The Hugging Face papers API as Paperboy serves it, with the same HTTP calls
// huggingface_hub makes (paper_info, list_papers, read_paper,
// list_daily_papers), and a contract test: a real Daily Papers response,
// imported, comes back from /api/daily_papers field by field.

const base = inject("baseUrl");
const DAY = "2026-03-31";
type HubUser = { name: string; fullname: string; user?: string };
type HubEntry = {
  paper: {
    id: string;
    title: string;
    summary: string;
    authors: { name: string }[];
    publishedAt: string;
    submittedOnDailyAt: string;
    upvotes: number;
    discussionId?: string;
    githubRepo?: string;
    githubStars?: number;
    projectPage?: string;
    ai_summary?: string;
    ai_keywords?: string[];
    submittedOnDailyBy?: HubUser;
    organization?: { name: string; fullname: string };
  };
  publishedAt: string;
  title: string;
  summary: string;
  numComments: number;
  submittedBy?: HubUser;
  organization?: { name: string; fullname: string };
};

const recorded = JSON.parse(
  gunzipSync(fs.readFileSync(`prisma/sample/${DAY}.json.gz`)).toString(),
) as HubEntry[];
/** Paperboy stores text with runs of whitespace collapsed (abstracts keep their paragraphs). */
const flat = (s: string) => s.replace(/\s+/g, " ").trim();

async function json<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

describe("the contract: a real Daily Papers day, imported, served back", () => {
  it("gives every field Paperboy stores as the Hub gave it", async () => {
    const { body } = await json<HubEntry[]>(`/api/daily_papers?date=${DAY}&limit=100`);
    expect(body).toHaveLength(recorded.length);
    const served = new Map(body.map((e) => [e.paper.id, e]));
    for (const hub of recorded) {
      const ours = served.get(hub.paper.id)!;
      const id = hub.paper.id;
      expect(ours, id).toBeDefined();
      expect(flat(ours.paper.title), id).toBe(flat(hub.paper.title));
      expect(flat(ours.paper.summary), id).toBe(flat(hub.paper.summary));
      expect(
        ours.paper.authors.map((a) => a.name),
        id,
      ).toEqual(hub.paper.authors.map((a) => flat(a.name)).filter(Boolean));
      expect(ours.paper.publishedAt, id).toBe(hub.paper.publishedAt);
      expect(ours.paper.submittedOnDailyAt, id).toBe(hub.paper.submittedOnDailyAt);
      expect(ours.paper.upvotes, id).toBe(hub.paper.upvotes);
      for (const key of ["discussionId", "githubRepo", "githubStars", "projectPage", "ai_keywords"] as const)
        expect(ours.paper[key], `${id} ${key}`).toEqual(hub.paper[key]);
      expect(ours.paper.ai_summary && flat(ours.paper.ai_summary), id).toEqual(
        hub.paper.ai_summary && flat(hub.paper.ai_summary),
      );
      expect(ours.paper.submittedOnDailyBy, id).toMatchObject({
        name: hub.paper.submittedOnDailyBy!.name,
        fullname: hub.paper.submittedOnDailyBy!.fullname,
      });
      expect(ours.publishedAt, id).toBe(hub.publishedAt);
      expect(flat(ours.title), id).toBe(flat(hub.title));
      expect(ours.numComments, id).toBe(hub.numComments);
      expect(ours.submittedBy, id).toMatchObject({
        name: hub.submittedBy!.name,
        fullname: hub.submittedBy!.fullname,
      });
      expect(ours.organization, id).toEqual(
        hub.organization && { name: hub.organization.name, fullname: hub.organization.fullname },
      );
    }
  });
});

describe("huggingface_hub's calls", () => {
  const paper = recorded[0]!.paper;

  it("paper_info: GET /api/papers/{id} is the paper object; an unknown id is a JSON 404 with a code", async () => {
    const { status, body } = await json<HubEntry["paper"] & { numComments: number }>(
      `/api/papers/${paper.id}`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: paper.id,
      upvotes: paper.upvotes,
      submittedOnDailyAt: paper.submittedOnDailyAt,
    });
    expect(flat(body.title)).toBe(flat(paper.title));
    expect(body.numComments).toBe(recorded[0]!.numComments);
    for (const missing of ["/api/papers/2601.99999", "/api/papers/not-an-id"]) {
      const res = await json<{ error: string; code: string }>(missing);
      expect(res, missing).toMatchObject({ status: 404, body: { code: "not_found" } });
    }
  });

  it("list_papers: GET /api/papers/search?q=&limit= gives entries from the index, best first", async () => {
    await expect
      .poll(async () => (await json<{ status: string }>("/api/search/status")).body.status, {
        timeout: 60_000,
      })
      .toBe("ready");
    const { status, body } = await json<HubEntry[]>(
      `/api/papers/search?q=${encodeURIComponent(paper.title)}&limit=5`,
    );
    expect(status).toBe(200);
    expect(body.length).toBeGreaterThan(0);
    expect(body.length).toBeLessThanOrEqual(5);
    expect(body[0]!.paper.id).toBe(paper.id);
    expect((await json<unknown[]>("/api/papers/search?q=")).body).toEqual([]);
    expect((await json<{ code: string }>("/api/papers/search?q=x&limit=500")).body.code).toBe("bad_request");
  });

  it("read_paper: GET /papers/{id}.md is the paper as Markdown", async () => {
    const res = await fetch(`${base}/papers/${paper.id}.md`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/markdown/);
    const text = await res.text();
    expect(text.startsWith(`# ${flat(paper.title)}\n`)).toBe(true);
    expect(text).toContain(`**Authors:** ${paper.authors[0]!.name}`);
    expect(text).toContain("## Abstract");
    expect(text).toContain(`- arXiv: https://arxiv.org/abs/${paper.id}`);
    expect((await fetch(`${base}/papers/2601.99999.md`)).status).toBe(404);
  });

  it("list_daily_papers(submitter=): only that person's papers; a bad name is a 400 with a code", async () => {
    const submitter = recorded[0]!.submittedBy!.name;
    const theirs = recorded.filter((e) => e.submittedBy?.name === submitter).map((e) => e.paper.id);
    const { body } = await json<HubEntry[]>(`/api/daily_papers?date=${DAY}&submitter=${submitter}`);
    expect(body.map((e) => e.paper.id).sort()).toEqual(theirs.sort());
    const all = await json<HubEntry[]>(`/api/daily_papers?submitter=${submitter}&limit=100`);
    expect(all.body.length).toBeGreaterThanOrEqual(theirs.length);
    for (const e of all.body) expect(e.submittedBy?.name).toBe(submitter);
    expect(await json(`/api/daily_papers?submitter=${encodeURIComponent("not a name!")}`)).toMatchObject({
      status: 400,
      body: { code: "bad_request" },
    });
  });

  it("answers an unknown /api/ path with a JSON 404 and a code, whatever the method", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await fetch(`${base}/api/no/such/thing`, { method });
      expect(res.status, method).toBe(404);
      expect(await res.json()).toMatchObject({ code: "not_found" });
    }
    expect((await json<{ code: string }>("/api/daily_papers?limit=abc")).body.code).toBe("bad_request");
  });

  it("serves the Hub's own addresses: /papers, /papers?date=, /papers/trending", async () => {
    const latest = await fetch(`${base}/papers`, { redirect: "manual" });
    expect(latest.status).toBe(307);
    expect(latest.headers.get("location")).toMatch(/\/papers\/date\/2026-03-31$/);
    const day = await fetch(`${base}/papers?date=2026-03-30`, { redirect: "manual" });
    expect(day.headers.get("location")).toMatch(/\/papers\/date\/2026-03-30$/);
    expect((await fetch(`${base}/papers?date=2026-02-30`)).status).toBe(404);
    const trending = await (await fetch(`${base}/papers/trending`)).text();
    expect(trending).toContain("Trending papers");
    expect(trending.replace(/<!-- -->/g, "")).toContain("of the last 7 days (Mar 25, 2026 – Mar 31, 2026)");
    expect([...trending.matchAll(/data-paper-id="/g)].length).toBeGreaterThan(20);
  });
});
