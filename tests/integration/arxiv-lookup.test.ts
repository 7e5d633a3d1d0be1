import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, sqlPool } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { arxivClient, fetchArxivPaper } from "@/lib/papers/arxiv";
import { getPaper } from "@/lib/papers/queries";
import {
  ARXIV_LOOKUP_LIMIT,
  lookupArxivSubmission,
  submitPaper,
  type ArxivLookupResult,
} from "@/lib/papers/submissions";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startUpstreamServer, type UpstreamServer } from "../helpers/upstream-server";

// Submissions by arXiv id against a local server replaying arXiv's recorded
// answers (tests/fixtures/arxiv-api), with faults injected: the right paper,
// a clear message for each way a lookup fails, retries through a transient
// error, the per-reader limit, and the looked-up paper submitted.

let database: TestDatabase;
let upstream: UpstreamServer;
let reader: string;

const settings = {
  FETCH_RATE_PER_SECOND: "100",
  FETCH_TIMEOUT_SECONDS: "0.5",
  FETCH_RETRY_DELAY_SECONDS: "0.02",
  FETCH_MAX_ATTEMPTS: "4",
  APP_URL: "https://papers.example.org",
};

beforeAll(async () => {
  database = await createTestDatabase();
  upstream = await startUpstreamServer({ days: new Map() });
  Object.assign(process.env, settings, { ARXIV_API_URL: `${upstream.url}/api/query` });
  resetEnvCache();
});
afterAll(async () => {
  await upstream.close();
  await database.drop();
  for (const key of Object.keys(settings)) delete process.env[key];
  process.env.ARXIV_API_URL = "http://127.0.0.1:9/api/query";
  resetEnvCache();
});
beforeEach(async () => {
  upstream.clearFaults();
  upstream.setDown(false);
  upstream.requests.length = 0;
  await sqlPool().query("TRUNCATE papers, rate_limits CASCADE");
  reader = (await db().user.create({ data: { email: `reader-${Math.random()}@example.org`, name: "Rita" } }))
    .id;
});

function found(result: ArxivLookupResult) {
  if (!result.ok) throw new Error(`lookup failed: ${result.error}`);
  return result;
}

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};

describe("looking a paper up on arXiv", () => {
  it("finds the paper an id names, asking arXiv once, politely", async () => {
    const result = found(await lookupArxivSubmission(reader, "1605.08386"));
    expect(result.paper).toEqual({
      id: "1605.08386",
      title: "Heat-bath random walks with Markov bases",
      abstract: expect.stringMatching(/^Graphs on lattice points are studied/) as string,
      authors: "Caprice Stanley\nTobias Windisch",
      publishedAt: "2016-05-26T17:59:46.000Z",
    });
    expect(upstream.requests.map((r) => r.url)).toEqual(["/api/query?id_list=1605.08386"]);
    expect(upstream.requests[0]!.userAgent).toBe(
      "Paperboy/0.1 (+https://papers.example.org; a daily feed of research papers)",
    );
  });

  it("takes links and versions, and asks arXiv for the paper, not the version", async () => {
    for (const input of [
      "https://arxiv.org/abs/1605.08386v1",
      "https://arxiv.org/pdf/1605.08386v1.pdf",
      "arXiv:1605.08386v2",
    ]) {
      expect(found(await lookupArxivSubmission(reader, input)).paper.id).toBe("1605.08386");
    }
    expect(new Set(upstream.requests.map((r) => r.url))).toEqual(new Set(["/api/query?id_list=1605.08386"]));
  });

  it("finds an old-style paper by id and by link", async () => {
    const byId = found(await lookupArxivSubmission(reader, "astro-ph/0601001"));
    expect(byId.paper).toMatchObject({
      id: "astro-ph/0601001",
      title: expect.stringMatching(/^Frequency of Hot Jupiters and Very Hot Jupiters/) as string,
      authors: "Andrew Gould\nSusan Dorsher\nB. Scott Gaudi\nAndrzej Udalski",
      publishedAt: "2006-01-02T14:57:58.000Z",
    });
    const byLink = found(await lookupArxivSubmission(reader, "https://arxiv.org/abs/astro-ph/0601001"));
    expect(byLink.paper).toEqual(byId.paper);
    expect(upstream.requests.map((r) => r.url)).toEqual([
      "/api/query?id_list=astro-ph%2F0601001",
      "/api/query?id_list=astro-ph%2F0601001",
    ]);
  });

  it("refuses what is not an id before asking arXiv, and offers no form for it", async () => {
    for (const input of ["abc", "2604.123", "https://example.org/abs/1605.08386", "", 42]) {
      const result = await lookupArxivSubmission(reader, input);
      expect(result).toMatchObject({ ok: false, id: null });
      expect(result.ok ? "" : result.error).toMatch(/^(That is not an arXiv id or link|Type an arXiv id)/);
    }
    expect(upstream.requests).toEqual([]);
  });

  it("maps arXiv's answer to a malformed id (HTTP 400, an error entry) to its reason", async () => {
    // Our own check stops "abc" first; asked anyway, arXiv's 400 is read, not retried.
    const error = await fetchArxivPaper(arxivClient(), `${upstream.url}/api/query`, "abc").catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "bad_request",
      message: "arXiv does not accept abc as an id (it says: incorrect id format for abc). Check the id.",
    });
    expect(upstream.requests).toHaveLength(1);
  });

  it("says arXiv has no such paper, keeping the id for the form by hand", async () => {
    expect(await lookupArxivSubmission(reader, "0808.05394")).toEqual({
      ok: false,
      input: "0808.05394",
      id: "0808.05394",
      error: "arXiv has no paper 0808.05394. Check the id, or fill in the form by hand.",
    });
  });

  it("gets through a transient 503 on its own", async () => {
    upstream.inject({ api: "arxiv", fault: { kind: "status", status: 503 }, times: 1 });
    expect(found(await lookupArxivSubmission(reader, "1605.08386")).paper.id).toBe("1605.08386");
    expect(upstream.requests).toHaveLength(2);
  });

  it("gets through a 429, a cut body and a dropped connection", async () => {
    upstream.inject({ api: "arxiv", fault: { kind: "rate-limited", retryAfterSeconds: 0 }, times: 1 });
    upstream.inject({ api: "arxiv", fault: { kind: "cut-body" }, times: 1 });
    expect(found(await lookupArxivSubmission(reader, "1605.08386")).paper.id).toBe("1605.08386");
    upstream.inject({ api: "arxiv", fault: { kind: "drop-connection" }, times: 1 });
    upstream.inject({ api: "arxiv", fault: { kind: "html" }, times: 1 });
    expect(found(await lookupArxivSubmission(reader, "1605.08386")).paper.id).toBe("1605.08386");
  });

  it("says arXiv is unreachable when it stays down, answers 5xx or hangs, after a few tries", async () => {
    upstream.setDown(true);
    const down = await lookupArxivSubmission(reader, "1605.08386");
    expect(down).toMatchObject({ ok: false, id: "1605.08386" });
    expect(down.ok ? "" : down.error).toMatch(
      /^arXiv could not be reached \(.*\)\. Try again in a minute, or fill in the form by hand\.$/,
    );
    upstream.setDown(false);

    upstream.inject({ api: "arxiv", fault: { kind: "status", status: 502 }, times: Infinity });
    const failing = await lookupArxivSubmission(reader, "1605.08386");
    expect(failing.ok ? "" : failing.error).toMatch(
      /^arXiv could not be reached \(HTTP 502 \(after 3 attempts\)\)/,
    );
    expect(upstream.requests).toHaveLength(3);
    upstream.clearFaults();

    upstream.inject({ api: "arxiv", fault: { kind: "hang" }, times: Infinity });
    const hanging = await lookupArxivSubmission(reader, "1605.08386");
    expect(hanging.ok ? "" : hanging.error).toMatch(/no answer within 0\.5 s/);
  });

  it("says a paper already in the feed is there, without asking arXiv", async () => {
    await submitPaper(
      reader,
      form({ id: "1605.08386", title: "Heat-bath", abstract: "x".repeat(30), authors: "A. Author" }),
    );
    expect(await lookupArxivSubmission(reader, "1605.08386v1")).toMatchObject({
      ok: false,
      existingId: "1605.08386",
      error: "1605.08386 is already in the feed.",
    });
    expect(upstream.requests).toEqual([]);
  });

  it(`allows a reader ${ARXIV_LOOKUP_LIMIT.hits} lookups an hour, then says so; others are not held back`, async () => {
    for (let i = 0; i < ARXIV_LOOKUP_LIMIT.hits; i++)
      expect((await lookupArxivSubmission(reader, "0808.05394")).ok ? "" : "asked").toBe("asked");
    expect(upstream.requests).toHaveLength(ARXIV_LOOKUP_LIMIT.hits);

    const over = await lookupArxivSubmission(reader, "1605.08386");
    expect(over).toMatchObject({ ok: false, id: "1605.08386" });
    expect(over.ok ? "" : over.error).toMatch(
      /^You have looked up 30 papers in the last hour, .* Try again in \d+ min, or fill in the form by hand\.$/,
    );
    expect(upstream.requests).toHaveLength(ARXIV_LOOKUP_LIMIT.hits);
    // A malformed id costs nothing, and is still told what is wrong.
    expect(await lookupArxivSubmission(reader, "abc")).toMatchObject({ ok: false, id: null });

    const other = (await db().user.create({ data: { email: "other-reader@example.org" } })).id;
    expect(found(await lookupArxivSubmission(other, "1605.08386")).paper.id).toBe("1605.08386");
  });
});

describe("submitting a looked-up paper", () => {
  it("adds it to today's feed with arXiv's publication date, from the lookup's token", async () => {
    const lookup = found(await lookupArxivSubmission(reader, "astro-ph/0601001"));
    const { id, title, abstract, authors } = lookup.paper;
    const result = await submitPaper(reader, form({ id, title, abstract, authors, lookup: lookup.token }));
    expect(result).toMatchObject({ ok: true, id: "astro-ph/0601001" });
    expect(await getPaper("astro-ph/0601001")).toMatchObject({
      id: "astro-ph/0601001",
      title: lookup.paper.title,
      authors: ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"],
      publishedAt: new Date("2006-01-02T14:57:58Z"),
      submittedBy: "Rita",
      feedDate: new Date().toISOString().slice(0, 10),
    });
  });

  it("stores no date from a forged token or from another paper's", async () => {
    const lookup = found(await lookupArxivSubmission(reader, "1605.08386"));
    const paper = { title: "A paper", abstract: "An abstract long enough to pass.", authors: "A. Author" };
    await submitPaper(reader, form({ ...paper, id: "2504.00001", lookup: lookup.token }));
    await submitPaper(reader, form({ ...paper, id: "2504.00002", lookup: `${lookup.token}x` }));
    await submitPaper(reader, form({ ...paper, id: "2504.00003", lookup: "garbage" }));
    for (const id of ["2504.00001", "2504.00002", "2504.00003"])
      expect(await getPaper(id)).toMatchObject({ id, publishedAt: null });
  });

  it("gives back what was typed when a submission fails", async () => {
    const typed = {
      id: "https://arxiv.org/abs/2504.00009v2",
      title: "  My title  ",
      abstract: "Too short",
      authors: "A. Author",
      organization: "",
    };
    expect(await submitPaper(reader, form(typed))).toEqual({
      ok: false,
      error: "abstract: is too short to be an abstract",
      values: typed,
    });
    // A link in the id field is as good as an id.
    expect(await submitPaper(reader, form({ ...typed, abstract: "x".repeat(40) }))).toMatchObject({
      ok: true,
      id: "2504.00009",
    });
  });
});
