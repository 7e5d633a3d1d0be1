import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { launchBrowser, newPage } from "../helpers/browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
});

/** Loads a page and waits until React has hydrated it (the keyboard shortcuts are live). */
async function open(path: string) {
  await page.goto(baseUrl + path);
  await page.waitForSelector("html[data-keys=ready]");
}
afterAll(async () => {
  await browser?.close();
});

/** The abstract of a card's paper, whole, as the paper API gives it. */
async function wholeAbstractOf(card: Locator, paperUrl?: string): Promise<string> {
  const id = paperUrl ? paperUrl.split("/papers/")[1] : await card.getAttribute("data-paper-id");
  const paper = (await (await fetch(`${baseUrl}/api/papers/${id}`)).json()) as { summary: string };
  return paper.summary;
}

const upvotesOnPage = () =>
  page.$$eval("[data-paper-card] [data-upvote-count]", (els) => els.map((e) => Number(e.textContent)));

describe("reading the feed in a browser", () => {
  it("opens on the latest day, ranked by upvotes", async () => {
    await open("/");
    await expect(page.locator("h1").textContent()).resolves.toBe("Daily Papers · Mar 31, 2026");
    const upvotes = await upvotesOnPage();
    expect(upvotes.length).toBe(22); // the papers in prisma/sample/2026-03-31.json.gz
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
  });

  it("steps to the previous day and back with the links and the arrow keys", async () => {
    await open("/");
    await page
      .getByRole("link", { name: /Previous day/ })
      .first()
      .click();
    await page.waitForURL(/\/papers\/date\/2026-03-30$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Mar 30, 2026");
    await page.waitForSelector("html[data-keys=ready]");

    await page.keyboard.press("ArrowLeft");
    await page.waitForURL(/\/papers\/date\/2026-03-27$/); // the weekend has no papers: skipped
    await page.keyboard.press("ArrowRight");
    await page.waitForURL(/\/papers\/date\/2026-03-30$/);
    await page
      .getByRole("link", { name: /Next day/ })
      .first()
      .click();
    await page.waitForURL(/\/papers\/date\/2026-03-31$/);
    expect(await page.locator("[data-nav=next]").count()).toBe(0); // the latest day has no next
  });

  it("moves between papers with j/k and opens one with o", async () => {
    await open("/papers/date/2026-03-31");
    const ids = await page.$$eval("[data-paper-card]", (els) =>
      els.map((e) => (e as HTMLElement).dataset.paperId),
    );
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.keyboard.press("j");
    const current = await page.$eval(
      "[data-paper-card][data-current=true]",
      (e) => (e as HTMLElement).dataset.paperId,
    );
    expect(current).toBe(ids[1]);
    const focused = await page.evaluate(() =>
      document.activeElement?.closest("[data-paper-card]")?.getAttribute("data-paper-id"),
    );
    expect(focused).toBe(ids[1]);

    const title = await page.$eval(`[data-paper-id="${ids[1]}"] h2`, (e) => e.textContent);
    await page.keyboard.press("o");
    await page.waitForURL(new RegExp(`/papers/${ids[1]!.replace(".", "\\.")}$`));
    await expect(page.locator("h1").textContent()).resolves.toBe(title);
    expect(await page.getByRole("link", { name: /arXiv abstract/ }).getAttribute("href")).toBe(
      `https://arxiv.org/abs/${ids[1]}`,
    );
    expect(await page.getByRole("link", { name: "PDF" }).getAttribute("href")).toBe(
      `https://arxiv.org/pdf/${ids[1]}`,
    );
    await expect(page.getByRole("heading", { name: "Abstract" }).isVisible()).resolves.toBe(true);
  });

  it("focuses search with / and unfolds an abstract", async () => {
    await open("/papers/date/2026-03-31");
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search-input");
    await page.keyboard.press("Escape");

    const card = page.locator("[data-paper-card]").first();
    const abstract = card.locator("p[id^=abstract-]");
    const whole = await wholeAbstractOf(card);
    // A long abstract travels as its beginning; its end is not on the page until it is unfolded.
    expect(await abstract.textContent()).not.toContain(whole.slice(-40));
    const folded = await abstract.evaluate((e) => e.getBoundingClientRect().height);
    await card.getByText("Show full abstract").click();
    await expect.poll(() => abstract.textContent()).toContain(whole.slice(-40));
    expect(await card.getByText("Read the whole abstract").count()).toBe(0);
    const unfolded = await abstract.evaluate((e) => e.getBoundingClientRect().height);
    expect(unfolded).toBeGreaterThan(folded * 1.5);
  });

  it("unfolds a long abstract without JavaScript to its beginning and a link to the whole", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const plain = await context.newPage();
      await plain.goto(`${baseUrl}/papers/date/2026-03-31`);
      const card = plain.locator("[data-paper-card]").first();
      await card.getByText("Show full abstract").click();
      const link = card.getByRole("link", { name: "Read the whole abstract" });
      expect(await link.isVisible()).toBe(true);
      await link.click();
      await plain.waitForURL(/\/papers\/\d{4}\.\d{5}$/);
      const whole = await wholeAbstractOf(card, plain.url());
      expect(await plain.locator("main").textContent()).toContain(whole.slice(-40));
    } finally {
      await context.close();
    }
  });

  it("switches to dark mode and remembers it", async () => {
    await open("/");
    const isDark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
    expect(await isDark()).toBe(false); // headless Chromium prefers light
    await page.getByRole("button", { name: /Theme: system/ }).click(); // system -> light
    await page.getByRole("button", { name: /Theme: light/ }).click(); // light -> dark
    expect(await isDark()).toBe(true);
    await page.reload();
    expect(await isDark()).toBe(true);
    await page.getByRole("button", { name: /Theme: dark/ }).click(); // back to system
    expect(await isDark()).toBe(false);
  });

  it("shows week and month views, paginated", async () => {
    await open("/papers/month/2026-03");
    await expect(page.locator("h1").textContent()).resolves.toBe("March 2026");
    expect(await page.locator("[data-paper-card]").count()).toBe(50);
    await page.getByRole("link", { name: /Next page/ }).click();
    await page.waitForURL(/\/papers\/month\/2026-03\?p=2$/);
    expect(await page.locator("[data-paper-card]").first().getAttribute("data-paper-id")).toBeTruthy();
    await expect(page.getByText(/Page 2 of \d+/).isVisible()).resolves.toBe(true);

    await open("/papers/week/2026-W14");
    await expect(page.locator("h1").textContent()).resolves.toBe("Mar 30 – Apr 5, 2026");
  });
});
