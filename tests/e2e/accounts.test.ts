import { setTimeout as sleep } from "node:timers/promises";
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { disconnectDb, sqlPool } from "@/lib/db";
import { importFiles } from "@/lib/papers/import/import-files";
import { hidePaper } from "@/lib/papers/submissions";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, newPage } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// Sign-in by a mailed link, caught by a real SMTP server on loopback; then an
// upvote that survives a reload; then sign-out.

let database: TestDatabase;
let sink: SmtpSink;
let server: AppServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  database = await createTestDatabase("paperboy_e2e_accounts");
  await importFiles(["prisma/sample"]);
  await disconnectDb();
  sink = await startSmtpSink();
  server = await startAppServer({
    DATABASE_URL: database.url,
    SMTP_URL: sink.url,
    ADMIN_EMAILS: "admin@example.org",
    // The tests act as the proxy in front, one client per X-Forwarded-For address.
    TRUST_PROXY_HOPS: "1",
  });
  browser = await launchBrowser();
  page = await newPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop();
  await database?.drop();
});

async function signInLinkFor(address: string, previous: number): Promise<string> {
  await sink.waitFor(previous + 1);
  const mail = sink.to(address).at(-1)!;
  const link = mail.parsed.text?.match(/https?:\/\/\S+\/signin\/confirm\?\S+/)?.[0];
  if (!link) throw new Error(`no sign-in link in:\n${mail.parsed.text}`);
  return link;
}

/** A session of `email`'s, made in the database as next-auth makes them: the cookie that carries it. */
async function sessionCookieFor(email: string): Promise<string> {
  const token = crypto.randomBytes(16).toString("hex");
  const { rows } = await sqlPool().query<{ id: string }>(
    `INSERT INTO users (id, email) VALUES ($1, $2)
     ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
    [`user_${token}`, email],
  );
  await sqlPool().query(
    `INSERT INTO sessions (session_token, user_id, expires) VALUES ($1, $2, now() + interval '1 day')`,
    [token, rows[0]!.id],
  );
  return `next-auth.session-token=${token}`;
}

/** The POST the sign-in page's button sends, with what the mailed link carries; from our own page unless told. */
async function pressSignIn(
  link: string,
  headers: Record<string, string> = { Origin: server.url },
): Promise<Response> {
  const carried = new URL(link).searchParams;
  return fetch(`${server.url}/api/auth/callback/email`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({
      token: carried.get("token") ?? "",
      email: carried.get("email") ?? "",
      callbackUrl: carried.get("callbackUrl") ?? "/",
    }),
  });
}

const sessionCookieIn = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith("next-auth.session-token=") && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c));

async function csrf(on: AppServer = server): Promise<{ token: string; cookie: string }> {
  const res = await fetch(`${on.url}/api/auth/csrf`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    token: csrfToken,
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}

async function requestLink(
  email: string,
  forwardedFor: string,
  callbackUrl = "/",
  on: AppServer = server,
): Promise<Response> {
  const { token, cookie } = await csrf(on);
  return fetch(`${on.url}/api/auth/signin/email`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: cookie,
      "X-Forwarded-For": forwardedFor,
    },
    body: new URLSearchParams({ email, csrfToken: token, callbackUrl, json: "true" }),
  });
}

describe("accounts in a browser", () => {
  it("signs in through the mailed link, applies the upvote clicked before, keeps it over a reload, and signs out", async () => {
    await page.goto(`${server.url}/papers/date/2026-03-31`);
    await page.waitForSelector("html[data-keys=ready]");
    const firstCard = page.locator("[data-paper-card]").first();
    const paperId = await firstCard.getAttribute("data-paper-id");
    const before = Number(await firstCard.locator("[data-upvote-count]").textContent());

    // Signed out: the upvote button leads to sign-in and back, carrying the upvote.
    await firstCard.locator("[data-upvote]").click();
    await page.waitForURL(/\/signin\?callbackUrl=%2Fpapers%2Fdate%2F2026-03-31%3Fupvote%3D/);
    await page.locator("#signin-email").fill("Reader@Example.org");
    await page.getByRole("button", { name: "Mail me a sign-in link" }).click();
    await page.getByText("Check your inbox.").waitFor();

    const link = await signInLinkFor("reader@example.org", 0);
    const mail = sink.to("reader@example.org")[0]!;
    expect(mail.parsed.subject).toMatch(/^Sign in to Paperboy/);
    expect(mail.parsed.html).toContain(link.replace(/&/g, "&amp;"));

    await page.goto(link);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/papers\/date\/2026-03-31(\?upvote=.*)?$/);
    await page.waitForSelector("html[data-keys=ready]");
    await expect(page.locator("[data-user-menu]").textContent()).resolves.toContain("reader@example.org");

    // Back on the page, the upvote is applied once, with no second click, and the address forgets it.
    const button = page.locator(`[data-upvote="${paperId}"]`);
    await page.waitForFunction(
      (id) => document.querySelector(`[data-upvote="${id}"]`)?.getAttribute("aria-pressed") === "true",
      paperId,
    );
    await page.waitForURL(`${server.url}/papers/date/2026-03-31`);
    await page.screenshot({ path: "test-results/upvote-after-sign-in.png" });
    await expect(button.locator("[data-upvote-count]").textContent()).resolves.toBe(String(before + 1));
    await page.waitForFunction(
      (id) =>
        !document.querySelector(`[data-upvote="${id}"]`)?.closest("span")?.querySelector("[role=alert]"),
      paperId,
    );
    // Let the server action finish before reloading.
    await page.waitForLoadState("networkidle");

    await page.reload();
    await page.waitForSelector("html[data-reader=signed-in]");
    await expect(page.locator(`[data-upvote="${paperId}"]`).getAttribute("aria-pressed")).resolves.toBe(
      "true",
    );
    await expect(page.locator(`[data-upvote="${paperId}"] [data-upvote-count]`).textContent()).resolves.toBe(
      String(before + 1),
    );

    // A link someone else made with ?upvote= votes for no one: this browser never clicked it.
    const secondId = await page.locator("[data-paper-card]").nth(1).getAttribute("data-paper-id");
    await page.goto(`${server.url}/papers/date/2026-03-31?upvote=${secondId}`);
    await page.waitForSelector("html[data-reader=signed-in]");
    await page.waitForLoadState("networkidle");
    await expect(page.locator(`[data-upvote="${secondId}"]`).getAttribute("aria-pressed")).resolves.toBe(
      "false",
    );

    await page.goto(`${server.url}/me/upvotes`);
    await expect(page.locator("[data-paper-card]").getAttribute("data-paper-id")).resolves.toBe(paperId);

    await page.locator("[data-user-menu]").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    await page.goto(`${server.url}/papers/${paperId}`);
    await page.waitForSelector("html[data-reader=signed-out]");
    await expect(page.locator(`[data-upvote="${paperId}"]`).getAttribute("aria-pressed")).resolves.toBe(
      "false",
    );
  });
});

describe("sign-in mail is rate limited and reveals nothing", () => {
  it("answers the same for a known and an unknown address", async () => {
    const known = await requestLink("reader@example.org", "198.51.100.1");
    const unknown = await requestLink("nobody-yet@example.org", "198.51.100.1");
    expect(known.status).toBe(unknown.status);
    const [a, b] = [await known.text(), await unknown.text()];
    expect(a.replace(/reader%40example\.org|reader@example\.org/g, "X")).toBe(
      b.replace(/nobody-yet%40example\.org|nobody-yet@example\.org/g, "X"),
    );
  });

  it("sends at most 5 links an hour to one address, and refuses a client after 20 requests", async () => {
    const start = sink.to("flood@example.org").length;
    for (let i = 0; i < 8; i++) await requestLink("flood@example.org", "198.51.100.2");
    await sleep(500);
    expect(sink.to("flood@example.org").length - start).toBe(5);

    const statuses: number[] = [];
    for (let i = 0; i < 22; i++)
      statuses.push((await requestLink(`many${i}@example.org`, "198.51.100.3")).status);
    expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});

describe("with nothing in front (TRUST_PROXY_HOPS=0, the default)", () => {
  it("keys the per-client limit on the socket: a rotating X-Forwarded-For does not dodge it, and no address reaches the logs", async () => {
    const direct = await startAppServer({
      DATABASE_URL: database.url,
      SMTP_URL: sink.url,
      LOG_FORMAT: "json",
    });
    try {
      // The browser tests above signed in from this machine's address too: a fresh window.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query("DELETE FROM rate_limits WHERE key LIKE 'signin:client:%'");
      await admin.end();
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++)
        statuses.push((await requestLink(`rotating${i}@example.org`, `203.0.113.${i}`, "/", direct)).status);
      expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429]);

      for (let i = 0; i < 2; i++) await (await fetch(`${direct.url}/papers/date/2026-03-31`)).text();
      await sleep(200);
      const lines = direct
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const requests = lines.filter((l) => l.msg === "request");
      expect(requests.filter((l) => l.path === "/api/auth/signin/email")).toHaveLength(22);
      expect(requests.find((l) => l.path === "/api/auth/signin/email" && l.status === 429)).toMatchObject({
        method: "POST",
        scope: "http",
        durationMs: expect.any(Number),
      });
      expect(requests.filter((l) => l.path === "/papers/date/2026-03-31").map((l) => l.cache)).toEqual([
        "miss",
        "hit",
      ]);
      expect(direct.output()).not.toMatch(/rotating\d+(@|%40)example/);
    } finally {
      await direct.stop();
    }
  });
});

describe("return addresses stay on the site", () => {
  it.each([
    "%2F%09%2Fevil.example",
    "%2F%0A%2Fevil.example",
    "%2F%0D%0ASet-Cookie%3A%20x%3D1",
    "%2F%5Cevil.example",
    "%2F.%2F%2Fevil.example",
    "%2F%252Fevil.example",
    "https%3A%2F%2Fevil.example%2F",
    "%2Fsignin%3FcallbackUrl%3D%252Fsignin",
  ])("sends a signed-in reader at /signin?callbackUrl=%s home", async (callbackUrl) => {
    const cookie = await sessionCookieFor("returning@example.org");
    const res = await fetch(`${server.url}/signin?callbackUrl=${callbackUrl}`, {
      redirect: "manual",
      headers: { Cookie: cookie },
    });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("/");
  });

  it("keeps a path on the site, with characters outside Latin-1 encoded, and never answers 500", async () => {
    const cookie = await sessionCookieFor("returning@example.org");
    const res = await fetch(
      `${server.url}/signin?callbackUrl=${encodeURIComponent("/search?q=日本 \u202e")}`,
      {
        redirect: "manual",
        headers: { Cookie: cookie },
      },
    );
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("/search?q=%E6%97%A5%E6%9C%AC%20%E2%80%AE");
  });

  it("holds next-auth's own redirects to the site: its sign-in page and the mailed link", async () => {
    const res = await fetch(
      `${server.url}/api/auth/signin?callbackUrl=${encodeURIComponent("/\n/evil.example")}`,
      {
        redirect: "manual",
      },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/signin?callbackUrl=${encodeURIComponent(`${server.url}/`)}`);

    const before = sink.messages.length;
    expect((await requestLink("elsewhere@example.org", "198.51.100.9", "/\t/evil.example")).status).toBe(200);
    const link = new URL(await signInLinkFor("elsewhere@example.org", before));
    expect(link.searchParams.get("callbackUrl")).toBe(`${server.url}/`);

    const before2 = sink.messages.length;
    expect((await requestLink("elsewhere@example.org", "198.51.100.9", "/\n/evil.example")).status).toBe(200);
    const link2 = await signInLinkFor("elsewhere@example.org", before2);
    expect(new URL(link2).searchParams.get("callbackUrl")).toBe(`${server.url}/`);
    const signedIn = await pressSignIn(link2);
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe(`${server.url}/`);
  });
});

describe("moderation", () => {
  it("lets an admin hide a paper, and refuses in words (not a 500) once they are no longer one", async () => {
    const { rows } = await sqlPool().query<{ id: string }>(
      `SELECT id FROM papers WHERE feed_date = '2026-02-02' ORDER BY id LIMIT 1`,
    );
    const paperId = rows[0]!.id;
    const context = await browser.newContext();
    const [name, value] = (await sessionCookieFor("admin@example.org")).split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const admin = await context.newPage();
    try {
      await admin.goto(`${server.url}/papers/${paperId}`);
      await admin.getByRole("button", { name: "Hide", exact: true }).click();
      // The paper page is shared, so it shows no hidden paper: the admin goes on to its edit page.
      await admin.waitForURL(`${server.url}/papers/${paperId}/edit`);
      await admin.getByText("Hidden: this paper is out of the feed").waitFor();
      expect((await fetch(`${server.url}/papers/${paperId}`)).status).toBe(404);

      await sqlPool().query(
        `UPDATE users SET email = 'former-admin@example.org' WHERE email = 'admin@example.org'`,
      );
      const answer = admin.waitForResponse(
        (r) => r.request().method() === "POST" && !!r.request().headers()["next-action"],
      );
      await admin.getByRole("button", { name: "Unhide" }).click();
      expect((await answer).status()).toBe(200);
      await expect(admin.locator("main [role=alert]").textContent()).resolves.toBe(
        "Only admins can hide papers.",
      );
      const { rows: after } = await sqlPool().query<{ hidden: boolean }>(
        `SELECT hidden FROM papers WHERE id = $1`,
        [paperId],
      );
      expect(after[0]!.hidden).toBe(true);
    } finally {
      await context.close();
      await hidePaper(paperId, false);
    }
  });
});

describe("a sign-in link is spent only by the button on its page", () => {
  it("signs nobody in when a mail scanner opens it, old-style callback address included", async () => {
    const before = sink.messages.length;
    await requestLink("scanned@example.org", "198.51.100.10");
    const link = await signInLinkFor("scanned@example.org", before);
    expect(new URL(link).pathname).toBe("/signin/confirm");
    for (let i = 0; i < 2; i++) {
      const opened = await fetch(link, { redirect: "manual" });
      expect(opened.status).toBe(200);
      expect(sessionCookieIn(opened)).toBeUndefined();
      expect(await opened.text()).toContain("scanned@example.org");
    }
    const oldStyle = new URL(link);
    oldStyle.pathname = "/api/auth/callback/email";
    const followed = await fetch(oldStyle, { redirect: "manual" });
    expect(followed.status).toBe(303);
    expect(new URL(followed.headers.get("location")!).pathname).toBe("/signin/confirm");
    expect(sessionCookieIn(followed)).toBeUndefined();

    // The link still works, once, for the reader who presses the button.
    const pressed = await pressSignIn(link);
    expect(pressed.status).toBe(302);
    expect(pressed.headers.get("location")).toBe(`${server.url}/`);
    expect(sessionCookieIn(pressed)).toBeDefined();
    const again = await pressSignIn(link);
    expect(again.headers.get("location")).toMatch(/error=Verification/);
    expect(sessionCookieIn(again)).toBeUndefined();
  });

  it("refuses the button's POST from any other page (403), and the link survives it", async () => {
    const before = sink.messages.length;
    await requestLink("targeted@example.org", "198.51.100.11");
    const link = await signInLinkFor("targeted@example.org", before);
    const elsewhere: Record<string, string>[] = [
      { Origin: "http://evil.example" },
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
      { Origin: server.url, "Sec-Fetch-Site": "same-site" },
      {},
    ];
    for (const headers of elsewhere) {
      const refused = await pressSignIn(link, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(sessionCookieIn(refused)).toBeUndefined();
    }
    // A page with Referrer-Policy no-referrer sends Origin: null; Fetch Metadata still vouches for it.
    const fromOurPage = await pressSignIn(link, { Origin: "null", "Sec-Fetch-Site": "same-origin" });
    expect(fromOurPage.status).toBe(302);
    expect(sessionCookieIn(fromOurPage)).toBeDefined();
  });

  it("says so on the page when the link is not one", async () => {
    const res = await fetch(`${server.url}/signin/confirm?token=nope&email=x`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("This sign-in link is not valid");
  });
});
