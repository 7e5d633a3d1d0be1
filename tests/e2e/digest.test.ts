import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, sqlPool } from "@/lib/db";
import { oneClickUnsubscribeUrl, preferencesUrl, unsubscribeUrl } from "@/lib/digest/links";
import { resetEnvCache } from "@/lib/env";
import { closeMail, sendMail } from "@/lib/mail/transport";
import { type AppServer, startAppServer, TEST_MAIL_LINK_SECRET } from "../helpers/app-server";
import { launchBrowser, newPage } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { addPapers } from "../helpers/digest";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// The digest's pages on the production build, with a real SMTP server: its
// own server (the shared one has no SMTP_URL) on its own database.

let database: TestDatabase;
let sink: SmtpSink;
let server: AppServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  database = await createTestDatabase("paperboy_e2e_digest");
  await addPapers("2026-03-30", [
    { id: "2603.00001", title: "A <b>bold</b> claim about diffusion", upvotes: 50 },
    { id: "2603.00002", upvotes: 40 },
  ]);
  sink = await startSmtpSink();
  server = await startAppServer({ DATABASE_URL: database.url, SMTP_URL: sink.url, DIGEST_WORKER: "off" });
  // Links this process signs must verify on the server: same key, same address.
  process.env.MAIL_LINK_SECRET = TEST_MAIL_LINK_SECRET;
  process.env.APP_URL = server.url;
  resetEnvCache();
  browser = await launchBrowser();
  page = await newPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop({ abrupt: true });
  await disconnectDb();
  await database?.drop();
  delete process.env.MAIL_LINK_SECRET;
  delete process.env.APP_URL;
  resetEnvCache();
});

const statusOf = async (email: string) =>
  (
    await sqlPool().query<{ status: string }>(`SELECT status::text FROM subscribers WHERE email = $1`, [
      email,
    ])
  ).rows[0]?.status;

async function activeSubscriber(email: string): Promise<string> {
  const { rows } = await sqlPool().query<{ id: string }>(
    `INSERT INTO subscribers (id, email, status, frequency, confirmed_at, updated_at) VALUES ('s-' || md5($1), $1, 'active', 'daily', now(), now()) RETURNING id`,
    [email],
  );
  return rows[0]!.id;
}

describe("subscribing in a browser", () => {
  it("subscribes from the footer, opens the link from the mail, confirms with the button, and is subscribed", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector("html[data-keys=ready]");
    await page.fill("#footer-subscribe-email", "browser@example.org");
    await page.click("footer button[type=submit]");
    await page.waitForFunction(() =>
      document.querySelector("footer [data-subscribe-status]")?.textContent?.includes("check your inbox"),
    );
    expect(await statusOf("browser@example.org")).toBe("pending");

    await sink.waitFor(1);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/subscribe\/confirm\?token=[\w-]+\.[\w-]+)/.exec(
      sink.to("browser@example.org")[0]!.parsed.text!,
    )?.[1];
    expect(link).toBeDefined();

    // Opening the link (as a mail scanner would) confirms nothing.
    await page.goto(link!);
    await expect(page.locator("h1").textContent()).resolves.toBe("Confirm your subscription");
    expect(await statusOf("browser@example.org")).toBe("pending");

    await page.getByRole("button", { name: "Confirm my subscription" }).click();
    await page.waitForSelector("[data-confirm-result=confirmed]");
    await expect(page.locator("h1").textContent()).resolves.toBe("You are subscribed");
    expect(await statusOf("browser@example.org")).toBe("active");
  });

  it("changes preferences and unsubscribes from the preferences page", async () => {
    const id = await activeSubscriber("prefs@example.org");
    await page.goto(preferencesUrl(id));
    await page.check("input[name=frequency][value=weekly]");
    await page.fill("input[name=keywords]", "diffusion");
    await page.fill("input[name=minUpvotes]", "10");
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.waitForFunction(() =>
      document.querySelector("[data-preferences-status]")?.textContent?.startsWith("Saved"),
    );
    const { rows } = await sqlPool().query(
      `SELECT frequency::text, keywords, min_upvotes FROM subscribers WHERE id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ frequency: "weekly", keywords: "diffusion", min_upvotes: 10 });

    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.waitForSelector("[data-unsubscribe-result=unsubscribed]");
    expect(await statusOf("prefs@example.org")).toBe("unsubscribed");
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("a POST to the List-Unsubscribe address unsubscribes with no sign-in and answers 200; a GET shows the page with its button", async () => {
    const id = await activeSubscriber("oneclick@example.org");
    const url = oneClickUnsubscribeUrl(id);

    const opened = await fetch(url, { redirect: "manual" });
    expect(opened.status).toBe(303);
    expect(new URL(opened.headers.get("location")!, url).pathname).toBe("/unsubscribe");
    const page200 = await fetch(url);
    expect(page200.status).toBe(200);
    expect(await page200.text()).toContain(
      "Stop sending Paperboy&#x27;s digest to <strong>oneclick@example.org</strong>?",
    );
    expect(await statusOf("oneclick@example.org")).toBe("active");

    // As a mail provider sends it: no cookie, no Origin.
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^Unsubscribed/);
    expect(await statusOf("oneclick@example.org")).toBe("unsubscribed");
    // Again: still 200, still unsubscribed.
    expect((await fetch(url, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(200);
    expect(await (await fetch(unsubscribeUrl(id))).text()).toContain("You are unsubscribed");

    const forged = await fetch(`${server.url}/unsubscribe/one-click?token=e30.AAAA`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
    });
    expect(forged.status).toBe(400);
  });

  it("still takes the one-click POST at the page's address that older mails carry, urlencoded or multipart", async () => {
    const id = await activeSubscriber("old-header@example.org");
    const res = await fetch(unsubscribeUrl(id), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    expect(await statusOf("old-header@example.org")).toBe("unsubscribed");

    const other = await activeSubscriber("multipart@example.org");
    const asForm = new FormData();
    asForm.set("List-Unsubscribe", "One-Click");
    expect((await fetch(unsubscribeUrl(other), { method: "POST", body: asForm })).status).toBe(200);
    expect(await statusOf("multipart@example.org")).toBe("unsubscribed");
  });

  it("leaves a form posted from the unsubscribe page without JavaScript to the page", async () => {
    // The footer's subscribe form, submitted without JavaScript on the unsubscribe page.
    const other = await activeSubscriber("staying@example.org");
    const pageHtml = await (await fetch(unsubscribeUrl(other))).text();
    const fields = [
      ...pageHtml.matchAll(/<input type="hidden" name="(\$ACTION_[^"]+)"(?: value="([^"]*)")?\/>/g),
    ];
    expect(fields.length).toBeGreaterThan(0);
    const body = new FormData();
    for (const [, name, value] of fields) body.set(name!, (value ?? "").replace(/&quot;/g, '"'));
    body.set("email", "friend@example.org");
    await fetch(unsubscribeUrl(other), { method: "POST", body });
    expect(await statusOf("staying@example.org")).toBe("active");
    expect(await statusOf("friend@example.org")).toBe("pending"); // the form did its own job
  });
});

describe("mail links across a change of secrets", () => {
  it("keep unsubscribing after NEXTAUTH_SECRET changes, and after MAIL_LINK_SECRET is rotated with the old key as previous", async () => {
    const mailedBefore = await activeSubscriber("old-mail@example.org");
    const stillActive = await activeSubscriber("old-mail-two@example.org");
    const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
    const oldLink = pathOf(unsubscribeUrl(mailedBefore));
    const secondOldLink = pathOf(unsubscribeUrl(stillActive));
    const oneClick = { method: "POST", body: "List-Unsubscribe=One-Click" };

    const rotated = await startAppServer({
      DATABASE_URL: database.url,
      DIGEST_WORKER: "off",
      NEXTAUTH_SECRET: "a-new-session-secret-after-a-leak-0123456789",
      MAIL_LINK_SECRET: "a-new-mail-link-secret-after-a-rotation-012345",
      MAIL_LINK_SECRET_PREVIOUS: TEST_MAIL_LINK_SECRET,
    });
    try {
      expect(await (await fetch(rotated.url + secondOldLink)).text()).toContain("old-mail-two@example.org");
      expect((await fetch(rotated.url + oldLink, oneClick)).status).toBe(200);
      expect(await statusOf("old-mail@example.org")).toBe("unsubscribed");
    } finally {
      await rotated.stop();
    }

    // The rotation is over when the previous key goes: links signed with it stop working.
    const finished = await startAppServer({
      DATABASE_URL: database.url,
      DIGEST_WORKER: "off",
      MAIL_LINK_SECRET: "a-new-mail-link-secret-after-a-rotation-012345",
    });
    try {
      expect((await fetch(finished.url + secondOldLink, oneClick)).status).toBe(400);
      expect(await statusOf("old-mail-two@example.org")).toBe("active");
    } finally {
      await finished.stop();
    }
  });
});

describe("the digest's pages", () => {
  it("serves the archive of a day and of a week, escaping imported text; bad periods are 404, a day without papers says so", async () => {
    const day = await fetch(`${server.url}/digest/daily/2026-03-30`);
    expect(day.status).toBe(200);
    const html = await day.text();
    expect(html).toContain("Daily Papers · Mar 30, 2026");
    expect(html).toContain("A &lt;b&gt;bold&lt;/b&gt; claim about diffusion");
    expect(html.indexOf("2603.00001")).toBeLessThan(html.indexOf("2603.00002"));
    expect((await fetch(`${server.url}/digest/weekly/2026-W14`)).status).toBe(200);
    for (const path of ["/digest/daily/2026-02-30", "/digest/weekly/2026-W54", "/digest/monthly/2026-03"]) {
      expect((await fetch(server.url + path)).status, path).toBe(404);
    }
    const sunday = await fetch(`${server.url}/digest/daily/2026-03-29`);
    expect(sunday.status).toBe(200);
    expect(await sunday.text()).toContain("There were no papers that day, so there was no digest.");
  });

  it("does not serve the outbox page in production with a mail server", async () => {
    expect((await fetch(`${server.url}/dev/outbox`)).status).toBe(404);
  });

  it("serves the outbox page where it is enabled, listing and showing the mails written there", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-outbox-e2e-"));
    const outboxServer = await startAppServer({
      DATABASE_URL: database.url,
      PAPERBOY_DATA_DIR: dataDir,
      PAPERBOY_DEV_OUTBOX: "true",
      DIGEST_WORKER: "off",
    });
    try {
      process.env.PAPERBOY_DATA_DIR = dataDir;
      resetEnvCache();
      await closeMail();
      const sent = await sendMail({
        to: "dev@example.org",
        subject: "Bienvenue à Paperboy",
        text: "Confirm: http://localhost:3000/subscribe/confirm?token=abc.def\n",
        html: "<p>Hi <script>alert(1)</script></p>",
      });
      const list = await (await fetch(`${outboxServer.url}/dev/outbox`)).text();
      expect(list).toContain("Bienvenue à Paperboy");
      expect(list).toContain("to dev@example.org");
      const name = path.basename(sent.outboxFile!);
      const one = await (await fetch(`${outboxServer.url}/dev/outbox/${encodeURIComponent(name)}`)).text();
      expect(one).toContain('<a href="http://localhost:3000/subscribe/confirm?token=abc.def"');
      expect(one).toMatch(
        /<iframe title="HTML body" sandbox="allow-popups allow-popups-to-escape-sandbox" srcDoc="[^"]*&lt;script&gt;/,
      );
      expect((await fetch(`${outboxServer.url}/dev/outbox/..%2Fsecret`)).status).toBe(404);
    } finally {
      delete process.env.PAPERBOY_DATA_DIR;
      resetEnvCache();
      await closeMail();
      await outboxServer.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it("puts the subscribe box on every page", async () => {
    for (const path of ["/", "/papers/date/2026-03-30", "/digest/daily/2026-03-30", "/subscribe"]) {
      expect(await (await fetch(server.url + path)).text(), path).toContain('id="footer-subscribe-email"');
    }
  });
});
