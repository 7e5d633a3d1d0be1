import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { disconnectDb, sqlPool } from "@/lib/db";
import { preferencesUrl } from "@/lib/digest/links";
import { resetEnvCache } from "@/lib/env";
import { importFiles } from "@/lib/papers/import/import-files";
import { startAppServer, TEST_MAIL_LINK_SECRET, type AppServer } from "../helpers/app-server";
import { launchBrowser, newPage } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { addPapers } from "../helpers/digest";

// Issue 15, a reader's polish: what a daily reader tripped on, each checked
// in Chromium as a reader would see it. Screenshots of what each test shows
// go to test-results/reader-polish/ (gitignored).

const baseUrl = inject("baseUrl");
const SHOTS = path.join("test-results", "reader-polish");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  browser = await launchBrowser();
  page = await newPage(browser);
});

afterAll(async () => {
  await browser?.close();
});

async function open(p: Page, url: string) {
  await p.goto(url);
  await p.waitForSelector("html[data-keys=ready]");
  // Shared pages show the reader's own state (votes, account menu) once /api/me has answered.
  await p.waitForSelector("html[data-reader]");
}

const shot = (p: Page, name: string) =>
  p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });

describe("moving between days (the shared sample server)", () => {
  it("labels weeks by their days, and has previous/next below the feed too", async () => {
    await open(page, `${baseUrl}/papers/week/2026-W14`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Mar 30 – Apr 5, 2026");
    const previous = page.locator("[data-feed-nav=top] [data-nav=previous]");
    await expect(previous.innerText()).resolves.toContain("Mar 23 – 29, 2026");
    expect(await page.locator("body").innerText()).not.toMatch(/2026-W\d\d/);

    await open(page, `${baseUrl}/papers/date/2026-03-31`);
    const bottom = page.locator("[data-feed-nav=bottom] [data-nav=previous]");
    await expect(bottom.getAttribute("href")).resolves.toBe("/papers/date/2026-03-30");
    await bottom.scrollIntoViewIfNeeded();
    await shot(page, "feed-bottom-nav");
    // Below the last card.
    const lastCard = await page.locator("[data-paper-card]").last().boundingBox();
    expect((await bottom.boundingBox())!.y).toBeGreaterThan(lastCard!.y);
  });

  it("gives the arrows their dates on a phone", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      await open(phone, `${baseUrl}/papers/date/2026-03-30`);
      const previous = phone.locator("[data-feed-nav=top] [data-nav=previous]");
      const next = phone.locator("[data-feed-nav=top] [data-nav=next]");
      // Before: a bare arrow, its date hidden on phones.
      await expect(previous.locator("[data-label=short]").isVisible()).resolves.toBe(true);
      await expect(previous.locator("[data-label=short]").textContent()).resolves.toBe("Mar 27");
      await expect(previous.locator("[data-label=full]").isVisible()).resolves.toBe(false);
      await expect(next.locator("[data-label=short]").textContent()).resolves.toBe("Mar 31");
      await expect(next.locator("[data-label=short]").isVisible()).resolves.toBe(true);
      // Screen readers hear where it goes in full.
      await expect(previous.getAttribute("title")).resolves.toBe("Previous day: Mar 27, 2026");
      await shot(phone, "phone-arrows");
    } finally {
      await phone.close();
    }
  });

  it("lands a picked date on the nearest day with papers, also without JavaScript", async () => {
    await open(page, `${baseUrl}/papers/date/2026-03-31`);
    await page.locator("#day-picker").fill("2026-03-28"); // a Saturday: Friday is nearer than Monday
    await shot(page, "day-picker");
    await page.getByRole("button", { name: "Go", exact: true }).click();
    await page.waitForURL(/\/papers\/date\/2026-03-27$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Mar 27, 2026");

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    try {
      const plain = await noJs.newPage();
      await plain.goto(`${baseUrl}/papers/date/2026-03-27`);
      await plain.locator("#day-picker").fill("2026-03-29"); // Sunday: Monday is nearer
      await plain.getByRole("button", { name: "Go", exact: true }).click();
      await plain.waitForURL(/\/papers\/date\/2026-03-30$/);
    } finally {
      await noJs.close();
    }
    const bad = await fetch(`${baseUrl}/papers/date?date=2026-02-30`, { redirect: "manual" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Not a calendar day/);
    const none = await fetch(`${baseUrl}/papers/date`, { redirect: "manual" });
    expect([none.status, none.headers.get("location")]).toEqual([303, "/"]);
  });

  it("sends a month's Daily and Weekly tabs to its latest day and week with papers", async () => {
    await open(page, `${baseUrl}/papers/month/2026-02`); // Feb 1, 2026 is a Sunday without papers
    await shot(page, "month-tabs");
    const tabs = page.getByRole("navigation", { name: "View" });
    await expect(tabs.getByRole("link", { name: "Daily" }).getAttribute("href")).resolves.toBe(
      "/papers/date/2026-02-27",
    );
    await expect(tabs.getByRole("link", { name: "Weekly" }).getAttribute("href")).resolves.toBe(
      "/papers/week/2026-W09",
    );
    await tabs.getByRole("link", { name: "Daily" }).click();
    await page.waitForURL(/\/papers\/date\/2026-02-27$/);
    expect(await page.locator("[data-paper-card]").count()).toBeGreaterThan(0);
  });

  it('says "Next page" on lists ranked by upvotes', async () => {
    await open(page, `${baseUrl}/papers/month/2026-03`);
    await expect(page.getByRole("link", { name: "Next page →" }).isVisible()).resolves.toBe(true);
    expect(await page.getByText("Older page").count()).toBe(0);
    await page.getByRole("link", { name: "Next page →" }).click();
    await page.waitForURL(/\?p=2$/);
    await expect(page.getByRole("link", { name: "← Previous page" }).isVisible()).resolves.toBe(true);
  });

  it("words empty days and weeks, and the digest of a Sunday, without a 404", async () => {
    await open(page, `${baseUrl}/papers/date/2026-03-29`);
    await expect(page.locator("[data-feed-summary]").textContent()).resolves.toBe("No papers");
    await expect(page.getByText("No papers on this day.").isVisible()).resolves.toBe(true);
    await open(page, `${baseUrl}/papers/week/2026-W01`);
    await expect(page.getByText("No papers this week.").isVisible()).resolves.toBe(true);

    const sunday = await page.goto(`${baseUrl}/digest/daily/2026-03-29`);
    expect(sunday!.status()).toBe(200);
    await expect(page.locator("[data-digest-empty]").innerText()).resolves.toMatch(
      /There were no papers that day[\s\S]*Mar 27, 2026 or Mar 30, 2026/,
    );
    await shot(page, "digest-sunday");
    await page.getByRole("link", { name: "Mar 30, 2026" }).click();
    await page.waitForURL(/\/digest\/daily\/2026-03-30$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Daily Papers · Mar 30, 2026");
    // Mar 30 has 8 papers: the digest shows them all and says so (not "the top 8 of 8 papers").
    await expect(page.getByText("All 8 papers, by upvotes.").isVisible()).resolves.toBe(true);
  });
});

describe("cards and paper pages (the shared sample server)", () => {
  it("links authors and organizations to their papers, ranked by upvotes, and shows hundreds of authors on request", async () => {
    await open(page, `${baseUrl}/papers/2602.04705`); // 438 authors
    const links = page.locator("[data-authors] [data-author-link]");
    await expect(links.filter({ visible: true }).count()).resolves.toBe(50);
    const more = page.locator("[data-more-authors] summary");
    await expect(more.textContent()).resolves.toBe("and 388 more");
    await more.click();
    await expect(links.filter({ visible: true }).count()).resolves.toBe(438);
    await expect(links.last().textContent()).resolves.toBe("Ziyuan Gao");
    await shot(page, "all-authors");

    await links.first().click();
    await page.waitForURL(/\/authors\/Haifeng%20Wang$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Haifeng Wang");
    const ids = await page.$$eval("[data-paper-card]", (els) =>
      els.map((e) => e.getAttribute("data-paper-id")),
    );
    expect(ids).toContain("2602.04705");

    await open(page, `${baseUrl}/papers/2602.02276`);
    await page.locator("[data-org-link]").click();
    await page.waitForURL(/\/organizations\/moonshotai$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Moonshot AI");
    const upvotes = await page.$$eval("[data-paper-card] [data-upvote-count]", (els) =>
      els.map((e) => Number(e.textContent)),
    );
    expect(upvotes.length).toBeGreaterThan(1);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    await expect(page.locator("[data-paper-card] .card-rank").first().textContent()).resolves.toBe("Rank #1");
    await shot(page, "organization");
    // The card's organization is a link too.
    await expect(page.locator("[data-paper-card] .meta-org").first().getAttribute("href")).resolves.toBe(
      "/organizations/moonshotai",
    );

    expect((await fetch(`${baseUrl}/authors/Nobody%20At%20All`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/organizations/no%20such%20handle`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/organizations/moonshotai?p=99`)).status).toBe(404);
  });
});

describe("keys (the shared sample server)", () => {
  it("opens the shortcuts with ?, keeps focus in them, and closes them with Escape", async () => {
    await open(page, `${baseUrl}/papers/date/2026-03-31`);
    const dialog = page.locator("dialog[data-shortcuts]");
    expect(await dialog.isVisible()).toBe(false);
    await page.keyboard.press("?");
    await dialog.waitFor({ state: "visible" });
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" }).isVisible()).resolves.toBe(true);
    await shot(page, "shortcuts-dialog");
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => !!document.activeElement?.closest("dialog"))).toBe(true);
    }
    await page.keyboard.press("j"); // the page behind is inert: no paper is selected
    expect(await page.locator("[data-paper-card][data-current=true]").count()).toBe(0);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  it("keeps the j/k selection over a visit to the paper and Back", async () => {
    await open(page, `${baseUrl}/papers/date/2026-03-30`);
    const ids = await page.$$eval("[data-paper-card]", (els) =>
      els.map((e) => e.getAttribute("data-paper-id")),
    );
    for (let i = 0; i < 3; i++) await page.keyboard.press("j");
    await page.keyboard.press("o");
    await page.waitForURL(new RegExp(`/papers/${ids[2]!.replace(".", "\\.")}$`));
    await page.goBack();
    await page.waitForURL(/\/papers\/date\/2026-03-30$/);
    await page.waitForSelector("[data-paper-card][data-current=true]");
    await expect(
      page.locator("[data-paper-card][data-current=true]").getAttribute("data-paper-id"),
    ).resolves.toBe(ids[2]);
    await shot(page, "selection-after-back");
    await page.keyboard.press("j"); // and goes on from there
    await expect(
      page.locator("[data-paper-card][data-current=true]").getAttribute("data-paper-id"),
    ).resolves.toBe(ids[3]);
  });
});

describe("not-found pages in dark mode (the shared sample server)", () => {
  it("follow the dark theme for a bad paper id and a bad date", async () => {
    const dark = await browser.newContext({ colorScheme: "dark" });
    try {
      const p = await dark.newPage();
      for (const bad of ["/papers/9999.99999", "/papers/date/2026-02-30", "/digest/weekly/2026-W54"]) {
        const res = await p.goto(baseUrl + bad);
        expect(res!.status(), bad).toBe(404);
        await expect(p.locator("h1").textContent()).resolves.toBe("Nothing here");
        const background = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background, bad).toBe("rgb(11, 15, 25)"); // #0b0f19, the dark theme's
        expect(await p.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
      }
      await p.screenshot({ path: path.join(SHOTS, "not-found-dark.png") });
    } finally {
      await dark.close();
    }
  });
});

// A server of its own: a thin newest day on top of the sample, a digest
// schedule other than the default, and signed-in readers.
describe("a thin day, another digest schedule, a signed-in reader (a server of its own)", () => {
  let database: TestDatabase;
  let server: AppServer;
  let context: BrowserContext;
  let own: Page;

  beforeAll(async () => {
    database = await createTestDatabase("paperboy_e2e_polish");
    await importFiles(["prisma/sample"]);
    // Apr 1: one early submission and two more, so the front page is thin.
    await addPapers("2026-04-01", [
      { id: "2604.00001", upvotes: 3, abstract: "A short abstract that fits." },
      // About two lines on a desktop card, six on a phone: the browser decides.
      {
        id: "2604.00002",
        upvotes: 2,
        abstract:
          "A middling abstract of some two hundred and fifty characters, which three lines hold on a wide screen but not on a phone, where the card is narrow and the words wrap many times over before they end here.",
      },
      { id: "2604.00003", upvotes: 1, abstract: "A long abstract. ".repeat(40) },
    ]);
    await disconnectDb();
    server = await startAppServer({
      DATABASE_URL: database.url,
      DIGEST_CRON: "0 7 * * 2,4",
      DIGEST_WORKER: "off",
    });
    process.env.MAIL_LINK_SECRET = TEST_MAIL_LINK_SECRET;
    process.env.APP_URL = server.url;
    resetEnvCache();
    context = await browser.newContext();
    own = await context.newPage();
    own.setDefaultTimeout(60_000);
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await disconnectDb();
    await database?.drop();
    delete process.env.MAIL_LINK_SECRET;
    delete process.env.APP_URL;
    resetEnvCache();
  });

  /** A session made in the database as next-auth makes them, set as the browser's cookie. */
  async function signInAs(email: string): Promise<string> {
    const token = crypto.randomBytes(16).toString("hex");
    const { rows } = await sqlPool().query<{ id: string }>(
      `INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
      [`user_${token}`, email],
    );
    await sqlPool().query(
      `INSERT INTO sessions (session_token, user_id, expires) VALUES ($1, $2, now() + interval '1 day')`,
      [token, rows[0]!.id],
    );
    await context.addCookies([{ name: "next-auth.session-token", value: token, url: server.url }]);
    return rows[0]!.id;
  }

  it("shows the day before under a thin newest day", async () => {
    await open(own, `${server.url}/`);
    await expect(own.locator("h1").textContent()).resolves.toBe("Daily Papers · Apr 1, 2026");
    await expect(own.locator("[data-feed-summary]").textContent()).resolves.toBe(
      "3 papers, ranked by upvotes",
    );
    const earlier = own.locator("[data-earlier-day]");
    await expect(earlier.locator("h2").first().textContent()).resolves.toBe("The day before: Mar 31, 2026");
    expect(await earlier.locator("[data-paper-card]").count()).toBe(22);
    await earlier.scrollIntoViewIfNeeded();
    await shot(own, "thin-front-page");
    // A full day stands alone.
    await open(own, `${server.url}/papers/date/2026-03-31`);
    expect(await own.locator("[data-earlier-day]").count()).toBe(0);
  });

  it('shows "Show full abstract" only where three lines cut the abstract, on a desktop and on a phone', async () => {
    const visibleFolds = (p: Page) =>
      p.$$eval("[data-paper-card]", (cards) =>
        cards.map((card) => {
          const label = card.querySelector<HTMLElement>(".unfold-more");
          return label
            ? getComputedStyle(label).visibility === "visible" && label.offsetParent !== null
            : false;
        }),
      );
    await open(own, `${server.url}/papers/date/2026-04-01`);
    expect(await visibleFolds(own)).toEqual([false, false, true]);
    await shot(own, "folds-desktop");

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      await open(phone, `${server.url}/papers/date/2026-04-01`);
      expect(await visibleFolds(phone)).toEqual([false, true, true]);
      await shot(phone, "folds-phone");
      // Nothing moved when the browser decided: the label lies over the third line.
      const box = await phone.locator('[data-paper-id="2604.00002"] .fold').boundingBox();
      const text = await phone.locator('[data-paper-id="2604.00002"] .abstract').boundingBox();
      expect(box!.height).toBeCloseTo(text!.height, 0);
      await phone.locator('[data-paper-id="2604.00002"] .unfold-more').click();
      const unfolded = await phone.locator('[data-paper-id="2604.00002"] .abstract').boundingBox();
      expect(unfolded!.height).toBeGreaterThan(text!.height * 1.5);
    } finally {
      await phone.close();
    }
  });

  it("says when the digest comes as DIGEST_CRON has it, on every page that says so", async () => {
    await open(own, `${server.url}/subscribe`);
    await expect(own.locator("[data-digest-schedule]").textContent()).resolves.toBe(
      "Daily, on Tuesdays and Thursdays at 07:00 UTC: the previous day's top papers by upvotes; or weekly, every Tuesday at 07:00 UTC: the previous week's.",
    );
    await expect(own.locator("footer").innerText()).resolves.toContain(
      "Daily (on Tuesdays and Thursdays) or weekly (every Tuesday)",
    );
    const text = await own.locator("body").innerText();
    expect(text).not.toMatch(/weekday|Monday/);
    await shot(own, "subscribe-schedule");
  });

  it("keeps the saved keywords in the preferences form after Saved.", async () => {
    const { rows } = await sqlPool().query<{ id: string }>(
      `INSERT INTO subscribers (id, email, status, frequency, keywords, confirmed_at, updated_at)
       VALUES ('s-prefs-polish', 'prefs-polish@example.org', 'active', 'daily', 'robots', now(), now()) RETURNING id`,
    );
    await open(own, preferencesUrl(rows[0]!.id));
    await expect(own.locator("main form").first().innerText()).resolves.toContain(
      "Daily, on Tuesdays and Thursdays",
    );
    await expect(own.locator("input[name=keywords]").inputValue()).resolves.toBe("robots");
    await own.check("input[name=frequency][value=weekly]");
    await own.fill("input[name=keywords]", "diffusion models");
    await own.fill("input[name=minUpvotes]", "7");
    await own.getByRole("button", { name: "Save preferences" }).click();
    await own.waitForFunction(() =>
      document.querySelector("[data-preferences-status]")?.textContent?.startsWith("Saved"),
    );
    await expect(own.locator("[data-preferences-status]").textContent()).resolves.toBe(
      "Saved. Your digest comes every Tuesday.",
    );
    await expect(own.locator("input[name=keywords]").inputValue()).resolves.toBe("diffusion models");
    await expect(own.locator("input[name=minUpvotes]").inputValue()).resolves.toBe("7");
    await expect(own.locator("input[name=frequency][value=weekly]").isChecked()).resolves.toBe(true);
    await shot(own, "preferences-saved");
    // And after a reload, from the database.
    await own.reload();
    await expect(own.locator("input[name=keywords]").inputValue()).resolves.toBe("diffusion models");
  });

  it("brings the header's Sign in back to the page the reader was on", async () => {
    await open(own, `${server.url}/papers/date/2026-03-30?p=1`);
    await expect(own.locator("[data-sign-in-link]").getAttribute("href")).resolves.toBe(
      "/signin?callbackUrl=%2Fpapers%2Fdate%2F2026-03-30%3Fp%3D1",
    );
    await own.locator("[data-sign-in-link]").click();
    await own.waitForURL(/\/signin\?callbackUrl=/);
    await own.waitForSelector("html[data-keys=ready]");
    // The sign-in form sends that address on to next-auth with the request for a link.
    await own.locator("#signin-email").fill("back@example.org");
    const [request] = await Promise.all([
      own.waitForRequest((r) => r.url().endsWith("/api/auth/signin/email") && r.method() === "POST"),
      own.getByRole("button", { name: "Mail me a sign-in link" }).click(),
    ]);
    expect(new URLSearchParams(request.postData() ?? "").get("callbackUrl")).toBe(
      "/papers/date/2026-03-30?p=1",
    );
  });

  it("closes the account menu on Escape and on a click outside", async () => {
    await signInAs("menu@example.org");
    await open(own, `${server.url}/papers/date/2026-03-31`);
    const menu = own.locator("details:has([data-user-menu])");
    await own.locator("[data-user-menu]").click();
    await expect(menu.getAttribute("open")).resolves.toBe("");
    await shot(own, "account-menu-open");
    await own.keyboard.press("Escape");
    await expect(menu.getAttribute("open")).resolves.toBeNull();
    expect(await own.evaluate(() => document.activeElement?.hasAttribute("data-user-menu"))).toBe(true);

    await own.locator("[data-user-menu]").click();
    await expect(menu.getAttribute("open")).resolves.toBe("");
    await own.locator("h1").click();
    await expect(menu.getAttribute("open")).resolves.toBeNull();
  });

  it('shows no rank numbers on "My upvotes" or search results, and no "0 papers" before the first vote', async () => {
    await signInAs("ranks@example.org");
    await open(own, `${server.url}/me/upvotes`);
    expect(await own.locator("main").innerText()).not.toMatch(/0 papers/);
    await expect(own.getByText("No upvotes yet").isVisible()).resolves.toBe(true);

    await open(own, `${server.url}/papers/date/2026-03-31`);
    expect(await own.locator("[data-paper-card] .card-rank").count()).toBe(22); // ranked: the feed
    const button = own.locator("[data-paper-card] [data-upvote]").first();
    await button.click();
    await expect(button.getAttribute("aria-pressed")).resolves.toBe("true");
    await own.waitForLoadState("networkidle");

    await open(own, `${server.url}/me/upvotes`);
    await expect(own.getByText("1 paper, latest vote first").isVisible()).resolves.toBe(true);
    expect(await own.locator("[data-paper-card]").count()).toBe(1);
    expect(await own.locator("[data-paper-card] .card-rank").count()).toBe(0);
    await shot(own, "my-upvotes");

    // Search results are ranked by relevance, not upvotes: no rank numbers either.
    await open(own, `${server.url}/search?q=diffusion`);
    expect(await own.locator("[data-search-results] [data-paper-card]").count()).toBeGreaterThan(0);
    expect(await own.locator("[data-search-results] .card-rank").count()).toBe(0);

    // A day digest of every paper says so, not "the top 3 of 3 papers".
    await open(own, `${server.url}/digest/daily/2026-04-01`);
    await expect(own.getByText("All 3 papers, by upvotes.").isVisible()).resolves.toBe(true);
  });
});
