import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { importFiles } from "@/lib/papers/import/import-files";
import { launchBrowser, newPage } from "../helpers/browser";

// Titles and abstracts are imported from files anyone can write: HTML in them
// must be shown as text, and no script in them may run.

const baseUrl = inject("baseUrl");
const TITLE = `<script>window.__xss = "title"</script><img src=x onerror="window.__xss='img'"> Hostile & "quoted"`;
const ABSTRACT = `</p><script>window.__xss = "abstract"</script><a href="javascript:window.__xss='link'">click</a> ]]> <![CDATA[`;
// Direction controls: an override left open in one author's name (or one
// closed early by a stray "pop isolate") would reverse whatever follows it.
const RLO = "\u202e";
const PDI = "\u2069";
const BIDI_PAPER = {
  id: "2512.00667",
  title: `${RLO}A title that would reverse its neighbours`,
  abstract: `${PDI}${RLO}An abstract that would too.`,
  authorCount: 4,
  organization: `${RLO}Evil Org`,
  date: "2025-12-25",
  upvotes: 0,
  authors: [`${RLO}Eve Override`, "Bob Plain", `${PDI}${RLO}Mallory`, "Carol Plain"],
};
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  process.env.DATABASE_URL = inject("databaseUrl");
  resetEnvCache();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-hostile-"));
  const file = path.join(tmp, "hostile.jsonl");
  await fs.writeFile(
    file,
    JSON.stringify({
      id: "2512.00666",
      title: TITLE,
      abstract: ABSTRACT,
      authorCount: 1,
      organization: "<b>Org</b>",
      date: "2025-12-25",
      upvotes: 1,
      authors: ["<i>Eve</i>"],
    }) +
      "\n" +
      JSON.stringify(BIDI_PAPER) +
      "\n",
  );
  const summary = await importFiles([file]);
  expect(summary.inserted).toBe(2);
  await disconnectDb();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("hostile imported text", () => {
  it.each([
    "/papers/date/2025-12-25",
    "/papers/2512.00666",
    "/papers/week/2025-W52",
    "/papers/month/2025-12",
  ])("is shown as text on %s, and no script runs", async (url) => {
    const page = await newPage(browser);
    const dialogs: string[] = [];
    page.on("dialog", (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    await page.goto(baseUrl + url);
    await page.waitForSelector("html[data-keys=ready]");
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    const heading = url.startsWith("/papers/2512")
      ? page.locator("h1")
      : page.locator('[data-paper-id="2512.00666"] h2');
    await expect(heading.textContent()).resolves.toBe(TITLE);
    const links = await page.locator('a[href^="javascript:"]').count();
    expect(links).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("comes back unchanged, as data, from the JSON API", async () => {
    const res = await fetch(`${baseUrl}/api/daily_papers?date=2025-12-25`);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const items = (await res.json()) as { title: string }[];
    expect(items[0]!.title).toBe(TITLE);
  });

  it("comes with security headers", async () => {
    const res = await fetch(`${baseUrl}/papers/2512.00666`);
    expect(res.headers.get("content-security-policy")).toMatch(
      /default-src 'self'.*object-src 'none'.*frame-ancestors 'none'/,
    );
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("direction controls in imported text", () => {
  /** How Chromium lays out `text` where it first appears in the paper's card or page: left to right, or reversed. */
  async function layoutOf(page: Page, text: string): Promise<string> {
    return page.evaluate((wanted) => {
      const root = document.querySelector('[data-paper-id="2512.00667"]') ?? document.querySelector("main")!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const data = (node as Text).data;
        const at = data.indexOf(wanted);
        if (at < 0) continue;
        const range = document.createRange();
        const leftOf = (i: number) => {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          return range.getBoundingClientRect().left;
        };
        return leftOf(at) < leftOf(at + wanted.length - 1) ? "left to right" : "reversed";
      }
      return "missing";
    }, text);
  }

  it.each([
    ["/papers/2512.00667", ["Bob Plain", "Carol Plain", "4 authors"]],
    ["/papers/date/2025-12-25", ["4 authors", "Dec 25, 2025"]],
  ])("stay inside their own name on %s", async (url, neighbours) => {
    const page = await newPage(browser);
    await page.goto(baseUrl + url);
    await page.waitForSelector("html[data-keys=ready]");
    for (const text of neighbours) {
      await expect(layoutOf(page, text), text).resolves.toBe("left to right");
    }
    await page.close();
  });
});

describe("bad requests get a 4xx before Next", () => {
  const post = (path: string, init: { headers?: Record<string, string>; body: string | Buffer }) =>
    fetch(baseUrl + path, { method: "POST", redirect: "manual", ...init, body: init.body as BodyInit });

  it("413 for a server action's body over the limit, and for an oversized API body", async () => {
    const action = await post("/subscribe", {
      headers: { "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8" },
      body: Buffer.alloc(5 * 1_048_576, "a"),
    });
    expect(action.status).toBe(413);
    const api = await post("/api/auth/signin/email", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=${"a".repeat(2 * 1_048_576)}`,
    });
    expect(api.status).toBe(413);
    expect(await api.json()).toMatchObject({ error: expect.stringMatching(/over 1 MB/) });
  });

  it("400 for malformed JSON to a server action and to the sign-in route", async () => {
    const action = await post("/subscribe", {
      headers: { "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8" },
      body: '["unterminated',
    });
    expect(action.status).toBe(400);
    const signIn = await post("/api/auth/signin/email", {
      headers: { "Content-Type": "application/json" },
      body: '{"email": ',
    });
    expect(signIn.status).toBe(400);
    expect(await signIn.json()).toMatchObject({ error: "The request body is not valid JSON." });
  });

  it("403 for a server action posted from another origin", async () => {
    const res = await post("/subscribe", {
      headers: {
        "Next-Action": "0".repeat(42),
        "Content-Type": "text/plain;charset=UTF-8",
        Origin: "https://evil.example",
      },
      body: "[]",
    });
    expect(res.status).toBe(403);
    // Without JavaScript the browser posts the form itself: refused too.
    const form = await post("/subscribe", {
      headers: { "Content-Type": "multipart/form-data; boundary=x", Origin: "https://evil.example" },
      body: '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.org\r\n--x--\r\n',
    });
    expect(form.status).toBe(403);
  });
});

describe("probes for load balancers", () => {
  it("/healthz says the process is alive and /readyz what is up, never cached", async () => {
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("cache-control")).toBe("no-store");
    expect(await health.json()).toMatchObject({ status: "alive" });
    for (let i = 0; i < 2; i++) {
      const ready = await fetch(`${baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.headers.get("cache-control")).toBe("no-store");
      expect(ready.headers.get("x-paperboy-cache")).toBeNull();
      expect(await ready.json()).toMatchObject({
        status: "ready",
        database: "up",
        searchIndex: expect.stringMatching(/^(ready|warming)$/),
        scheduler: "elsewhere",
      });
    }
  });
});
