import fs from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

type Entry = { paper: { id: string; upvotes: number; submittedOnDailyAt?: string }; publishedAt: string };

describe("every day page matches its file", () => {
  const days = fs
    .readdirSync("prisma/sample")
    .filter((n) => n.endsWith(".json.gz"))
    .sort();

  it(`serves each of the ${days.length} sample days with the file's papers, ranked by upvotes`, async () => {
    for (const name of days) {
      const date = name.slice(0, 10);
      const entries = JSON.parse(gunzipSync(fs.readFileSync(`prisma/sample/${name}`)).toString()) as Entry[];
      const html = await (await fetch(`${baseUrl}/papers/date/${date}`)).text();
      const ids = [...html.matchAll(/data-paper-id="([^"]+)"/g)].map((m) => m[1]);
      const expected = [...entries]
        .sort(
          (a, b) =>
            b.paper.upvotes - a.paper.upvotes ||
            (a.paper.submittedOnDailyAt ?? a.publishedAt).localeCompare(
              b.paper.submittedOnDailyAt ?? b.publishedAt,
            ) ||
            a.paper.id.localeCompare(b.paper.id),
        )
        .map((e) => e.paper.id);
      expect(ids, date).toEqual(expected);
    }
  });
});

describe("bad URLs get a 404 page or a 400 JSON error, never a 500", () => {
  it.each([
    "/papers/date/2025-02-30",
    "/papers/date/abc",
    "/papers/week/2025-W54",
    "/papers/month/2025-13",
    "/papers/9999.99999",
    "/papers/not-an-id",
    "/papers/date/2026-03-31?p=-1",
    "/papers/date/2026-03-31?p=abc",
    "/papers/date/2026-03-31?p=99",
    "/papers/date/2026-03-31?p=1&p=2",
  ])("%s is a 404 page", async (path) => {
    const res = await fetch(baseUrl + path);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Nothing here");
  });

  it.each([
    ["/api/daily_papers?limit=100000", /limit: is at most 100/],
    ["/api/daily_papers?limit=0", /limit: is at least 1/],
    ["/api/daily_papers?p=-1", /p: cannot be negative/],
    ["/api/daily_papers?date=2025-02-30", /not a calendar day/],
    ["/api/daily_papers?week=2025-W54", /not an ISO week/],
    ["/api/daily_papers?month=2025-13", /not a month/],
    ["/api/daily_papers?date=2025-01-01&week=2025-W01", /at most one of date, week and month/],
    ["/api/daily_papers?sort=random", /sort: is trending or publishedAt/],
    ["/feed.xml?min_upvotes=-3", /min_upvotes: cannot be negative/],
  ])("%s is a 400 with a message", async (path, message) => {
    const res = await fetch(baseUrl + path);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
  });
});

it("a malformed %-escape is a 400, not a 500", async () => {
  for (const path of ["/papers/%E0%A4%A", "/papers/date/%E0%A4%A", "/papers/week/%ZZ"]) {
    const res = await fetch(baseUrl + path);
    expect(res.status, path).toBe(400);
  }
});

describe("the JSON API speaks the Daily Papers API's shape", () => {
  it("returns a day's entries ranked by upvotes, paginated", async () => {
    const res = await fetch(`${baseUrl}/api/daily_papers?date=2026-03-31&limit=5&p=1`);
    expect(res.status).toBe(200);
    const items = (await res.json()) as {
      paper: {
        id: string;
        title: string;
        summary: string;
        authors: { name: string }[];
        upvotes: number;
        publishedAt: string;
      };
      title: string;
      summary: string;
      publishedAt: string;
    }[];
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(item.paper.id).toMatch(/^\d{4}\.\d{4,5}$/);
      expect(item.title).toBe(item.paper.title);
      expect(item.summary).toBe(item.paper.summary);
      expect(item.paper.authors[0]).toHaveProperty("name");
      expect(Date.parse(item.publishedAt)).not.toBeNaN();
    }
    const all = (await (await fetch(`${baseUrl}/api/daily_papers?date=2026-03-31&limit=100`)).json()) as {
      paper: { id: string };
    }[];
    expect(items.map((i) => i.paper.id)).toEqual(all.slice(5, 10).map((i) => i.paper.id));
  });

  it("serves an RSS feed of the latest days, filtered by upvotes", async () => {
    const res = await fetch(`${baseUrl}/feed.xml?min_upvotes=20`);
    expect(res.headers.get("content-type")).toMatch(/application\/rss\+xml/);
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    const items = xml.match(/<item>/g) ?? [];
    expect(items.length).toBeGreaterThan(0);
    const counts = [...xml.matchAll(/<description>(\d+) upvotes/g)].map((m) => Number(m[1]));
    expect(counts.every((n) => n >= 20)).toBe(true);
  });
});
