import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, newPage } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { startUpstreamServer, type UpstreamServer } from "../helpers/upstream-server";

// /submit in a browser, with arXiv played by a local server replaying its
// recorded answers: a reader types only an arXiv id (modern, then an
// old-style link), checks what arXiv said, adds the paper and finds its page;
// a lookup that fails leads to the form by hand, and a submission that fails
// keeps what was typed (the admin's edit form too).

const READER = "submitter@example.org";
let database: TestDatabase;
let sink: SmtpSink;
let upstream: UpstreamServer;
let server: AppServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  database = await createTestDatabase("paperboy_e2e_submit");
  sink = await startSmtpSink();
  upstream = await startUpstreamServer({ days: new Map() });
  server = await startAppServer({
    DATABASE_URL: database.url,
    SMTP_URL: sink.url,
    ADMIN_EMAILS: READER,
    ARXIV_API_URL: `${upstream.url}/api/query`,
    FETCH_TIMEOUT_SECONDS: "2",
    FETCH_RETRY_DELAY_SECONDS: "0.05",
  });
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await upstream?.close();
  await sink?.stop();
  await database?.drop();
});

async function signIn(): Promise<void> {
  await page.goto(`${server.url}/submit`);
  await page.waitForURL(/\/signin\?callbackUrl=(%2F|\/)submit/);
  await page.locator("#signin-email").fill(READER);
  await page.getByRole("button", { name: "Mail me a sign-in link" }).click();
  await page.getByText("Check your inbox.").waitFor();
  await sink.waitFor(1);
  const link = sink
    .to(READER)
    .at(-1)!
    .parsed.text?.match(/https?:\/\/\S+\/signin\/confirm\?\S+/)?.[0];
  if (!link) throw new Error("no sign-in link in the mail");
  // The link opens a page with a button; only the button signs in (a mail scanner spends nothing).
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`${server.url}/submit`);
}

async function lookUp(reference: string): Promise<void> {
  await page.locator("#arxiv-reference").fill(reference);
  await page.getByRole("button", { name: "Look up" }).click();
  // This lookup's answer, not the one before it.
  await page.locator(`[data-lookup-input=${JSON.stringify(reference)}]`).waitFor();
  // The lookup field still shows what was typed (React resets a form after its action).
  expect(await page.inputValue("#arxiv-reference")).toBe(reference);
}

const value = (selector: string) => page.inputValue(selector);

describe("submitting by arXiv id", () => {
  it("looks up a modern id, shows arXiv's title, abstract and authors, adds the paper", async () => {
    await page.goto(`${server.url}/submit`);
    await lookUp("1605.08386");
    await expect(page.locator("[data-lookup-found]").textContent()).resolves.toContain(
      "first published May 26, 2016",
    );
    expect(await value("#paper-id")).toBe("1605.08386");
    expect(await value("#paper-title")).toBe("Heat-bath random walks with Markov bases");
    expect(await value("#paper-abstract")).toMatch(/^Graphs on lattice points are studied/);
    expect(await value("#paper-authors")).toBe("Caprice Stanley\nTobias Windisch");

    await page.getByRole("button", { name: "Submit to today's feed" }).click();
    await page.getByText("Added to today's feed.").waitFor();
    await page.getByRole("link", { name: "Open the paper" }).click();
    await page.waitForURL(`${server.url}/papers/1605.08386`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Heat-bath random walks with Markov bases");
    await expect(page.locator("main").textContent()).resolves.toContain("Caprice Stanley");
  });

  it("looks up an old-style link, adds the paper, and its page is /papers/astro-ph/0601001", async () => {
    await page.goto(`${server.url}/submit`);
    await lookUp("https://arxiv.org/abs/astro-ph/0601001v1");
    expect(await value("#paper-id")).toBe("astro-ph/0601001");
    expect(await value("#paper-title")).toMatch(/^Frequency of Hot Jupiters and Very Hot Jupiters/);
    await page.getByRole("button", { name: "Submit to today's feed" }).click();
    await page.getByRole("link", { name: "Open the paper" }).click();
    await page.waitForURL(`${server.url}/papers/astro-ph/0601001`);
    await expect(page.locator("h1").textContent()).resolves.toMatch(/^Frequency of Hot Jupiters/);
    expect(await page.locator('a[href="https://arxiv.org/abs/astro-ph/0601001"]').count()).toBe(1);
    expect(await page.locator('a[href="https://arxiv.org/pdf/astro-ph/0601001"]').count()).toBe(1);

    // Today's feed links to it; a reader who is not signed in gets the page too.
    await page.goto(`${server.url}/`);
    await page.locator('[data-paper-card] a[href="/papers/astro-ph/0601001"]').first().waitFor();
    const anonymous = await fetch(`${server.url}/papers/astro-ph/0601001`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toContain("Frequency of Hot Jupiters");
    expect((await fetch(`${server.url}/papers/astro-ph/0601002`)).status).toBe(404);
    expect((await fetch(`${server.url}/papers/astro-ph/06010x1`)).status).toBe(404);
  });

  it("says an id is already in the feed instead of looking it up again", async () => {
    await page.goto(`${server.url}/submit`);
    const before = upstream.requests.length;
    await lookUp("arXiv:1605.08386v1");
    await expect(page.locator("[data-lookup-error]").textContent()).resolves.toContain(
      "1605.08386 is already in the feed.",
    );
    expect(upstream.requests.length).toBe(before);
    expect(await page.locator("#paper-title").count()).toBe(0);
  });
});

describe("when a lookup or a submission fails", () => {
  it("says what went wrong, offers the form by hand with the id kept, and keeps what was typed", async () => {
    await page.goto(`${server.url}/submit`);
    await lookUp("not an id");
    await expect(page.locator("[data-lookup-error]").textContent()).resolves.toMatch(
      /^That is not an arXiv id or link/,
    );
    expect(await page.locator("#paper-title").count()).toBe(0);

    await lookUp("0808.05394");
    await expect(page.locator("[data-lookup-error]").textContent()).resolves.toBe(
      "arXiv has no paper 0808.05394. Check the id, or fill in the form by hand.",
    );
    expect(await value("#paper-id")).toBe("0808.05394");
    expect(await value("#paper-title")).toBe("");

    const title = "A paper arXiv does not know yet";
    const abstract = "Too short";
    await page.locator("#paper-title").fill(title);
    await page.locator("#paper-abstract").fill(abstract);
    await page.locator("#paper-authors").fill("Ada Lovelace\nAlan Turing");
    await page.getByRole("button", { name: "Submit to today's feed" }).click();
    await page.getByText("abstract: is too short to be an abstract").waitFor();
    expect(await value("#paper-id")).toBe("0808.05394");
    expect(await value("#paper-title")).toBe(title);
    expect(await value("#paper-abstract")).toBe(abstract);
    expect(await value("#paper-authors")).toBe("Ada Lovelace\nAlan Turing");

    // Fixed, it goes in.
    await page.locator("#paper-abstract").fill(`${abstract}: now long enough to be an abstract.`);
    await page.getByRole("button", { name: "Submit to today's feed" }).click();
    await page.getByText("Added to today's feed.").waitFor();
  });

  it("says arXiv is unreachable, and the form by hand still works", async () => {
    upstream.setDown(true);
    try {
      await page.goto(`${server.url}/submit`);
      await lookUp("1707.08567");
      await expect(page.locator("[data-lookup-error]").textContent()).resolves.toMatch(
        /^arXiv could not be reached .* Try again in a minute, or fill in the form by hand\.$/,
      );
      expect(await value("#paper-id")).toBe("1707.08567");
      await page.locator("#paper-title").fill("Proceedings of Workshop AEW10");
      await page.locator("#paper-abstract").fill("The 10th Asia-Europe workshop, typed in by hand.");
      await page.locator("#paper-authors").fill("Kees A. Schouhamer Immink");
      await page.getByRole("button", { name: "Submit to today's feed" }).click();
      await page.getByText("Added to today's feed.").waitFor();
    } finally {
      upstream.setDown(false);
    }
  });

  it("keeps an admin's typed edits when saving fails, and shows what was saved after", async () => {
    await page.goto(`${server.url}/papers/astro-ph/0601001/edit`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Edit astro-ph/0601001");
    await page.locator("#paper-title").fill("Hot Jupiters, edited");
    await page.locator("#paper-abstract").fill("short");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("abstract: is too short to be an abstract").waitFor();
    expect(await value("#paper-title")).toBe("Hot Jupiters, edited");
    expect(await value("#paper-abstract")).toBe("short");

    await page.locator("#paper-abstract").fill("An abstract written again, long enough this time.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved.").waitFor();
    expect(await value("#paper-title")).toBe("Hot Jupiters, edited");
    await page.goto(`${server.url}/papers/astro-ph/0601001`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Hot Jupiters, edited");
  });
});
