import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { renderSitemap, renderSitemapFile } from "@/lib/feed/sitemap";
import { importFiles } from "@/lib/papers/import/import-files";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// The sitemap lists the front page, every day and every visible paper; past
// its limit (50,000 in production, 500 here) it becomes an index of files.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  process.env.APP_URL = "https://papers.example.org";
  resetEnvCache();
  await importFiles(["prisma/sample"]);
  await db().paper.update({ where: { id: "2603.28589" }, data: { hidden: true } });
});
afterAll(async () => {
  delete process.env.APP_URL;
  resetEnvCache();
  await database.drop();
});

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

describe("the sitemap", () => {
  it("is one file while it fits: the front page, each day, each visible paper", async () => {
    const xml = await renderSitemap();
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const all = locs(xml);
    const papers = await db().paper.count({ where: { hidden: false } });
    expect(all).toHaveLength(1 + 60 + papers);
    expect(all).toContain("https://papers.example.org/papers/date/2026-03-31");
    expect(all).toContain("https://papers.example.org/papers/2603.28767");
    expect(all).not.toContain("https://papers.example.org/papers/2603.28589");
    expect(xml).toMatch(/<lastmod>\d{4}-\d\d-\d\dT/);
  });

  it("becomes an index of files past its limit, each within it, together listing everything once", async () => {
    const index = await renderSitemap(500);
    expect(index).toContain("<sitemapindex");
    const files = locs(index);
    expect(files[0]).toBe("https://papers.example.org/sitemaps/0.xml");
    const listed: string[] = [];
    for (let n = 0; n < files.length; n++) {
      const file = locs((await renderSitemapFile(n, 500))!);
      expect(file.length).toBeLessThanOrEqual(500);
      listed.push(...file);
    }
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(locs(await renderSitemap()));
    expect(await renderSitemapFile(files.length, 500)).toBeNull();
  });
});
