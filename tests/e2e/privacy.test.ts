import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { db, disconnectDb } from "@/lib/db";
import { importFiles } from "@/lib/papers/import/import-files";
import { setVote } from "@/lib/papers/vote-queries";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, newPage } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { createSession } from "../helpers/sessions";

// Shared pages are the same for every reader, and the page cache answers them
// all: nothing personal may be in them. Two readers and an admin, each with
// votes of their own (and one with a digest), load the same pages; no one's
// name, address, votes or admin controls may show in anyone's HTML, in a
// signed-out reader's, or in what the cache stored. In the browser, /api/me
// then fills in each reader's own.

type Person = { label: string; name: string; email: string; cookie: string; votedFor: string };

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let people: Person[];
let paperIds: string[];
let sharedPages: string[];
const DAY = "/papers/date/2025-10-03";

beforeAll(async () => {
  database = await createTestDatabase("paperboy_e2e_privacy");
  await importFiles(["tests/fixtures/hf"]);
  const papers = await db().paper.findMany({
    where: { feedDate: new Date("2025-10-03") },
    orderBy: { id: "asc" },
    select: { id: true, authors: true, orgHandle: true },
  });
  paperIds = papers.map((p) => p.id);
  expect(paperIds.length).toBeGreaterThanOrEqual(3);
  const withOrg = papers.find((p) => p.orgHandle) ?? papers[0]!;
  const firstAuthor = papers[0]!.authors[0]!;

  const make = async (label: string, name: string, email: string, votedFor: string): Promise<Person> => {
    const session = await createSession(email, name);
    await setVote(session.userId, votedFor, true);
    return { label, name, email, cookie: session.cookie, votedFor };
  };
  people = [
    await make("reader A", "Quentin Zephyrwood", "zephyrwood.reader@example.org", paperIds[0]!),
    await make("reader B", "Marisol Quibbleton", "quibbleton.reader@example.org", paperIds[1]!),
    await make("admin", "Ottoline Adminsky", "adminsky.admin@example.org", paperIds[2]!),
  ];
  // Reader A gets the digest: the footer's box says so, to A alone.
  await db().subscriber.create({ data: { email: people[0]!.email, status: "active" } });

  server = await startAppServer({
    DATABASE_URL: database.url,
    ADMIN_EMAILS: "adminsky.admin@example.org",
    DIGEST_WORKER: "off",
  });
  // Search answers are cached once the index is ready: wait for it, so the cache is tested there too.
  for (const until = Date.now() + 30_000; Date.now() < until;) {
    const status = (await (await fetch(`${server.url}/api/search/status`)).json()) as { status: string };
    if (status.status === "ready") break;
    await sleep(200);
  }
  sharedPages = [
    "/",
    DAY,
    "/papers/week/2025-W40",
    "/papers/month/2025-10",
    "/papers/trending",
    `/papers/${paperIds[0]}`,
    `/papers/${paperIds[2]}`,
    `/authors/${encodeURIComponent(firstAuthor)}`,
    ...(withOrg.orgHandle ? [`/organizations/${withOrg.orgHandle}`] : []),
    "/search?q=model",
  ];
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await disconnectDb();
  await database?.drop();
});

async function get(path: string, cookie?: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers },
  });
  return { status: res.status, cache: res.headers.get("x-paperboy-cache"), html: await res.text() };
}

/** What in `html` belongs to someone: their name or address, a pressed upvote button, admin controls, a digest. */
function personalIn(html: string): string[] {
  const found: string[] = [];
  for (const person of people) {
    for (const text of [person.name, person.email, person.email.split("@")[0]!]) {
      if (html.toLowerCase().includes(text.toLowerCase())) found.push(`${person.label}: ${text}`);
    }
  }
  if (/aria-pressed="true"/.test(html)) found.push("a pressed upvote button");
  if (/data-user-menu/.test(html)) found.push("an account menu");
  if (/>\s*(?:Hide|Unhide)\s*</.test(html)) found.push("a Hide button");
  if (/\/edit["\\]/.test(html)) found.push("an edit link");
  if (/Status \(admin\)|href="\/admin"/.test(html)) found.push("the admin status link");
  if (/data-digest-box|Manage your digest/.test(html)) found.push("a digest box's state");
  return found;
}

/** Each response draws its own script nonce; what else differs between two readers' pages is what matters. */
const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

describe("shared pages are the same for every reader", () => {
  it("show no one's name, address, votes or admin controls, signed in, signed out, or from the cache", async () => {
    const bogus = "next-auth.session-token=not-a-session-anyone-has";
    for (const [i, path] of sharedPages.entries()) {
      // A different reader renders each page first, so each of them fills some of the cache's entries.
      const order = [...people.slice(i % people.length), ...people.slice(0, i % people.length)];
      const answers: { who: string; status: number; cache: string | null; html: string }[] = [];
      for (const person of order) answers.push({ who: person.label, ...(await get(path, person.cookie)) });
      answers.push({ who: "a bogus session cookie", ...(await get(path, bogus)) });
      // Last: a signed-out reader, answered from the entry the first signed-in reader's request stored.
      const signedOut = { who: "signed out", ...(await get(path)) };
      answers.push(signedOut);

      for (const answer of answers) {
        expect(answer.status, `${path} for ${answer.who}`).toBe(200);
        expect(personalIn(answer.html), `${path} for ${answer.who}`).toEqual([]);
        expect(withoutNonces(answer.html), `${path}: ${answer.who}'s page against the signed-out one`).toBe(
          withoutNonces(signedOut.html),
        );
      }
      expect(answers[0]!.cache, `${path}, first`).toBe("miss");
      for (const answer of answers.slice(1)) expect(answer.cache, `${path} for ${answer.who}`).toBe("hit");
    }
  });

  it("render nothing personal on a client-side navigation either (not cached: rendered for this reader)", async () => {
    for (const person of people) {
      const rsc = await get(DAY, person.cookie, { RSC: "1" });
      expect(rsc.cache).toBeNull();
      expect(personalIn(rsc.html), person.label).toEqual([]);
    }
  });
});

describe("GET /api/me", () => {
  it("answers each reader with their own votes among the papers asked about, privately", async () => {
    for (const person of people) {
      const res = await fetch(`${server.url}/api/me?papers=${paperIds.join(",")}`, {
        headers: { Cookie: person.cookie },
      });
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      expect(res.headers.get("x-paperboy-cache")).toBeNull();
      const body = (await res.json()) as {
        viewer: { name: string; email: string; isAdmin: boolean };
        votes: string[];
        digest: { status: string };
      };
      expect(body.viewer).toEqual({
        name: person.name,
        email: person.email,
        isAdmin: person.label === "admin",
      });
      expect(body.votes).toEqual([person.votedFor]);
      expect(body.digest.status).toBe(person.label === "reader A" ? "active" : "none");
    }
  });

  it("knows no one without a session or with a bogus one, and refuses a malformed or too long list", async () => {
    expect(await (await fetch(`${server.url}/api/me?papers=${paperIds[0]}`)).json()).toEqual({
      viewer: null,
    });
    const bogus = await fetch(`${server.url}/api/me`, {
      headers: { Cookie: "next-auth.session-token=nope" },
    });
    expect(await bogus.json()).toEqual({ viewer: null });
    // Without a cookie our server answers, with one Next does: the same answers either way.
    const tooMany = Array.from({ length: 101 }, (_, i) => `2510.${String(10000 + i)}`).join(",");
    for (const cookie of [undefined, "next-auth.session-token=nope", people[0]!.cookie]) {
      for (const list of ["not-a-paper", tooMany]) {
        const res = await fetch(`${server.url}/api/me?papers=${list}`, {
          headers: cookie ? { Cookie: cookie } : {},
        });
        expect(res.status, `${list.slice(0, 20)} with ${cookie ?? "no cookie"}`).toBe(400);
        expect(res.headers.get("cache-control")).toBe("private, no-store");
        expect(((await res.json()) as { code: string }).code).toBe("bad_request");
      }
    }
  });
});

describe("in the browser", () => {
  async function open(person: Person | null, path: string): Promise<Page> {
    const page = await newPage(browser);
    if (person) {
      const [name, value] = person.cookie.split("=") as [string, string];
      await page.context().addCookies([{ name, value, url: server.url }]);
    }
    await page.goto(server.url + path);
    return page;
  }
  const pressed = (page: Page, id: string) =>
    page.locator(`[data-upvote="${id}"]`).first().getAttribute("aria-pressed");

  it("shows each reader their own name, votes and digest once the page has asked /api/me", async () => {
    for (const person of people.slice(0, 2)) {
      const page = await open(person, DAY);
      try {
        await expect(page.locator("[data-user-menu]").textContent()).resolves.toContain(person.name);
        await page.waitForFunction(
          (id) => document.querySelector(`[data-upvote="${id}"]`)?.getAttribute("aria-pressed") === "true",
          person.votedFor,
        );
        for (const id of paperIds.filter((id) => id !== person.votedFor))
          await expect(pressed(page, id)).resolves.toBe("false");
        const digestBox = page.locator("[data-digest-box]");
        if (person.label === "reader A") await expect(digestBox.textContent()).resolves.toContain("Manage");
        else expect(await page.locator("[data-subscribe-form]").count()).toBe(1);
        expect(await page.getByRole("button", { name: "Hide", exact: true }).count()).toBe(0);
      } finally {
        await page.context().close();
      }
    }
  });

  it("shows an admin the paper page's controls, and a reader none", async () => {
    const admin = await open(people[2]!, `/papers/${paperIds[0]}`);
    try {
      await admin.getByRole("button", { name: "Hide", exact: true }).waitFor();
      expect(await admin.getByRole("link", { name: "Edit" }).getAttribute("href")).toBe(
        `/papers/${paperIds[0]}/edit`,
      );
    } finally {
      await admin.context().close();
    }
    const reader = await open(people[0]!, `/papers/${paperIds[0]}`);
    try {
      await reader.locator("[data-user-menu]").waitFor();
      await expect(pressed(reader, paperIds[0]!)).resolves.toBe("true");
      expect(await reader.getByRole("button", { name: "Hide", exact: true }).count()).toBe(0);
    } finally {
      await reader.context().close();
    }
  });

  it("works without JavaScript: the signed-out view, for a signed-in reader too, and its links lead on", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const [name, value] = people[0]!.cookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      await page.goto(server.url + DAY);
      expect(await page.locator("[data-paper-card]").count()).toBe(paperIds.length);
      expect(await page.locator("[data-user-menu]").count()).toBe(0);
      await page.locator("[data-paper-link]").first().click();
      await page.waitForURL(/\/papers\/\d{4}\.\d{4,5}$/);
      // Signed in, /signin sends the reader straight back; the link itself returns to this page.
      const here = new URL(page.url()).pathname;
      await expect(page.locator("[data-sign-in-link]").getAttribute("href")).resolves.toBe(
        `/signin?callbackUrl=${encodeURIComponent(here)}`,
      );
    } finally {
      await context.close();
    }
  });

  it("shows a signed-out reader the Sign in link and no pressed button", async () => {
    const page = await newPage(browser);
    try {
      const asked = page.waitForResponse((r) => r.url().startsWith(`${server.url}/api/me`));
      await page.goto(server.url + DAY);
      expect(await (await asked).json()).toEqual({ viewer: null });
      await page.locator("[data-sign-in-link]").waitFor();
      expect(await page.locator('[aria-pressed="true"]').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});
