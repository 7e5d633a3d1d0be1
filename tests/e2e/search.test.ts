import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage } from "../helpers/browser";

// Search as a reader uses it, on the shipped sample (60 real days).

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const status = async () =>
    ((await (await fetch(`${baseUrl}/api/search/status`)).json()) as { status: string }).status;
  await vi.waitFor(
    async () => expect(await status(), "the search index did not warm within 60 s").toBe("ready"),
    { timeout: 60_000, interval: 250 },
  );
  browser = await launchBrowser();
  page = await newPage(browser);
});
afterAll(async () => {
  await browser?.close();
});

type ApiResult = {
  id: string;
  title: string;
  titleHighlights: { start: number; end: number }[];
  snippet: { text: string; highlights: { start: number; end: number }[] };
  upvotes: number;
  date: string;
  organization: { name: string } | null;
};
async function api(query: string): Promise<{
  status: number;
  body: { status: string; total: number; results: ApiResult[]; truncated?: boolean; error?: string };
}> {
  const res = await fetch(`${baseUrl}/api/search?${query}`);
  return { status: res.status, body: (await res.json()) as never };
}

describe("search in a browser", () => {
  it("updates results and highlights in place as a query is typed letter by letter", async () => {
    await page.goto(`${baseUrl}/search`);
    await page.waitForSelector("html[data-keys=ready]");
    const input = page.locator("#search-input");
    await input.click();
    const navigations: string[] = [];
    page.on("framenavigated", (f) => f === page.mainFrame() && navigations.push(f.url()));
    const loads: number[] = [];
    page.on("load", () => loads.push(Date.now()));

    await input.pressSequentially("medical ai scien", { delay: 60 });
    await page.waitForURL(/\/search\?q=medical\+ai\+scien$/);
    await page.waitForFunction(() =>
      document.querySelector("[data-search-results] h2")?.textContent?.includes("Medical AI Scientist"),
    );
    const firstTitle = page.locator("[data-search-results] h2").first();
    await expect(firstTitle.textContent()).resolves.toBe("Towards a Medical AI Scientist");
    const marked = await firstTitle.locator("mark").allTextContents();
    expect(marked.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(["medical", "scientist"]));
    expect(loads).toEqual([]); // no full page load while typing

    // A suggestion list offers completions; arrow keys and Enter pick one.
    await input.fill("");
    await input.pressSequentially("diffu", { delay: 40 });
    const options = page.locator("[role=listbox] [role=option]");
    await page.waitForFunction(() =>
      document.querySelector("[role=listbox] [role=option]")?.textContent?.startsWith("diffu"),
    );
    const first = await options.first().textContent();
    expect(first).toMatch(/^diffu/);
    await input.press("ArrowDown");
    await expect(options.first().getAttribute("aria-selected")).resolves.toBe("true");
    await input.press("Enter");
    await page.waitForURL(new RegExp(`/search\\?q=${encodeURIComponent(first!).replace(/%20/g, "\\+")}$`));
    await page.waitForFunction(() => document.querySelectorAll("[data-search-results] mark").length > 0);
  });

  it("reaches the search box with / from a feed page and searches on Enter", async () => {
    await page.goto(`${baseUrl}/papers/date/2026-03-30`);
    await page.waitForSelector("html[data-keys=ready]");
    await page.keyboard.press("/");
    await page.keyboard.type("agentic search");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=agentic\+search$/);
    await page.locator("[data-search-results]").waitFor();
  });

  it("shows similar papers on a paper page", async () => {
    await page.goto(`${baseUrl}/papers/2603.28589`);
    const similar = page.locator("[data-similar] li");
    expect(await similar.count()).toBeGreaterThan(0);
    expect(await page.locator("[data-similar] a[href='/papers/2603.28589']").count()).toBe(0);
  });
});

describe("the search API", () => {
  it("finds a paper by its exact title first, and through a typo", async () => {
    const exact = await api(`q=${encodeURIComponent("Towards a Medical AI Scientist")}`);
    expect(exact.body.results[0]!.id).toBe("2603.28589");
    const typo = await api(`q=${encodeURIComponent("medicl scientist")}`);
    expect(typo.body.results.map((r) => r.id)).toContain("2603.28589");
  });

  it("filters by organization, date range and upvotes, and sorts", async () => {
    const org = await api("q=model&org=nvidia&limit=50");
    expect(org.body.total).toBeGreaterThan(0);
    // The organization filter matches by prefix: "nvidia" and "NVIDIA-DIR".
    expect(org.body.results.every((r) => r.organization?.name.toLowerCase().startsWith("nvidia"))).toBe(true);
    const range = await api("q=model&from=2026-03-01&to=2026-03-15&limit=50");
    expect(range.body.results.every((r) => r.date >= "2026-03-01" && r.date <= "2026-03-15")).toBe(true);
    const popular = await api("q=model&min_upvotes=30&sort=upvotes&limit=50");
    const votes = popular.body.results.map((r) => r.upvotes);
    expect(votes.every((v) => v >= 30)).toBe(true);
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
  });

  it("returns highlight offsets that point at the matched words", async () => {
    const { body } = await api("q=sparse");
    const r = body.results[0]!;
    const words = [...r.titleHighlights, ...r.snippet.highlights].map((h) =>
      (h === r.titleHighlights[0] ? r.title : r.snippet.text).slice(h.start, h.end).toLowerCase(),
    );
    expect(words.length).toBeGreaterThan(0);
    expect(words.every((w) => w.startsWith("spars"))).toBe(true);
  });

  it("answers bad input with a 400 or a bounded search, never a 500 or a hang", async () => {
    for (const q of [
      "",
      "x",
      "a".repeat(10_000),
      `"quoted" 'single'`,
      ".*+?^${}()|[]\\",
      "'; DROP TABLE papers; --",
      "😀 emoji",
      "مرحبا بالعالم",
      "nul\u0000byte",
      "%",
    ]) {
      const res = await fetch(`${baseUrl}/api/search?q=${encodeURIComponent(q)}`, {
        signal: AbortSignal.timeout(10_000),
      });
      expect(res.status, q.slice(0, 20)).toBe(200);
      const body = (await res.json()) as { truncated: boolean };
      if (q.length > 200) expect(body.truncated).toBe(true);
    }
    expect((await api("q=model&from=2025-02-30")).status).toBe(400);
    expect((await api("q=model&from=2026-03-10&to=2026-03-01")).status).toBe(400);
    const limit = await api("q=model&limit=100000");
    expect(limit.status).toBe(200);
    expect(limit.body.results.length).toBeLessThanOrEqual(50);
    expect((await fetch(`${baseUrl}/search?q=model&from=2025-02-30`)).status).toBe(400);
    expect(await (await fetch(`${baseUrl}/search`)).text()).toContain("Search papers");
  });

  it("serves suggestions and an RSS feed per search, newest first", async () => {
    const { suggestions } = (await (await fetch(`${baseUrl}/api/search/suggest?q=agen`)).json()) as {
      suggestions: string[];
    };
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => s.startsWith("agen"))).toBe(true);
    const res = await fetch(`${baseUrl}/api/search/feed.xml?q=diffusion`);
    expect(res.headers.get("content-type")).toMatch(/rss\+xml/);
    const xml = await res.text();
    const dates = [...xml.matchAll(/<pubDate>([^<]+)<\/pubDate>/g)].map((m) => Date.parse(m[1]!));
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect((await fetch(`${baseUrl}/api/search/feed.xml`)).status).toBe(400);
  });
});

describe("the search page explains what it did", () => {
  const pageText = async (path: string) => {
    await page.goto(`${baseUrl}${path}`);
    return (await page.locator("main").textContent()) ?? "";
  };

  it("lists papers with most of the words when none has them all, and says so", async () => {
    const text = await pageText("/search?q=speculative+decoding+zyxwvut");
    const note = (await page.locator("[data-search-fallback]").textContent())!.replace(/\s+/g, " ");
    expect(note).toBe("No paper has all 3 words; these have 2.");
    expect(await page.locator("[data-search-results] li").count()).toBeGreaterThan(0);
    expect(text).not.toContain("Fewer words");
  });

  it("answers stop words only with what it did, not with advice to use fewer words", async () => {
    const text = await pageText("/search?q=of+the");
    expect(await page.locator("[data-search-stop-words]").count()).toBe(1);
    expect(text).toContain("nearly every paper");
    expect(text).not.toContain("Fewer words");
  });

  it("says a query was cut to its first 12 words, not to 200 characters", async () => {
    const words = "alpha beta gamma delta epsilon zeta theta iota kappa lambda sigma omega extra words";
    const text = await pageText(`/search?q=${encodeURIComponent(words)}`);
    expect(text).toContain("only the first 12 words were searched");
    expect(text).not.toContain("200 characters");
  });

  it("does not claim near spellings for an exact hit", async () => {
    const text = await pageText(`/search?q=${encodeURIComponent("Towards a Medical AI Scientist")}`);
    expect(text).not.toContain("near spellings");
    const typo = await pageText("/search?q=medicl+scientist");
    expect(typo).toContain("near spellings included");
  });

  it("answers an impossible date range with a styled 400 page: the site's header, why, and a search form", async () => {
    const res = await fetch(`${baseUrl}/search?q=model&from=2026-03-10&to=2026-03-01`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<link rel="stylesheet"/);
    expect(html).toContain('id="search-input"'); // the header's search box
    expect(html).toContain("data-bad-search");
    const bad = await page.goto(`${baseUrl}/search?q=model&from=2025-02-30`);
    expect(bad?.status()).toBe(400);
    await expect(page.locator("[data-bad-search] h1").textContent()).resolves.toBe("That search cannot run");
    await expect(page.locator("[data-bad-search] [role=alert]").textContent()).resolves.toContain(
      "2025-02-30",
    );
    expect(await page.locator("[data-bad-search] form button[type=submit]").count()).toBe(1);
  });

  it("keeps every filter in the RSS link", async () => {
    await page.goto(`${baseUrl}/search?q=model&org=nvidia&min_upvotes=5&from=2026-01-01`);
    const href = (await page.locator("a", { hasText: "RSS for this search" }).getAttribute("href"))!;
    const url = new URL(href, baseUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: "model",
      org: "nvidia",
      min_upvotes: "5",
      from: "2026-01-01",
    });
    const total = Number(await page.locator("[data-search-total]").getAttribute("data-search-total"));
    const xml = await (await fetch(url)).text();
    expect(xml.match(/<item>/g)?.length ?? 0).toBe(Math.min(total, 30));
  });
});

describe("the search box goes where a reader means", () => {
  it("opens the paper of a pasted arXiv link", async () => {
    await page.goto(`${baseUrl}/papers/date/2026-03-30`);
    await page.waitForSelector("html[data-keys=ready]");
    const input = page.locator("#search-input");
    await input.fill("https://arxiv.org/abs/2603.28589v2");
    await input.press("Enter");
    await page.waitForURL(/\/papers\/2603\.28589$/);
  });

  it("offers whole phrases and titles; a title opens its paper", async () => {
    const answer = (await (await fetch(`${baseUrl}/api/search/suggest?q=medical+ai+sci`)).json()) as {
      suggestions: string[];
      papers: { id: string; title: string }[];
    };
    expect(answer.papers.map((p) => p.id)).toContain("2603.28589");
    await page.goto(`${baseUrl}/papers/date/2026-03-30`);
    await page.waitForSelector("html[data-keys=ready]");
    const input = page.locator("#search-input");
    await input.click();
    await input.pressSequentially("medical ai sci", { delay: 40 });
    const title = page.locator("[role=listbox] [data-suggested-paper='2603.28589']");
    await title.waitFor();
    await title.dispatchEvent("mousedown");
    await page.waitForURL(/\/papers\/2603\.28589$/);
  });
});
