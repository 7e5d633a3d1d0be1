import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, newPage } from "../helpers/browser";

// The content security policy lets only Next's own scripts run, by a nonce per
// request (no 'unsafe-inline'); HSTS goes with an https APP_URL.

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const nonceOf = (policy: string | null) =>
  /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "")?.[1];

/** Every <script> in the page, with the nonce it carries (external ones, ours, are allowed as 'self'). */
const scriptsOf = (html: string) =>
  [...html.matchAll(/<script\b([^>]*)>/g)].map(([, attributes]) => ({
    inline: !/\bsrc=/.test(attributes!),
    nonce: /\bnonce="([^"]*)"/.exec(attributes!)?.[1],
  }));

describe("the content security policy", () => {
  it("allows scripts by a nonce, not 'unsafe-inline', and Next writes that nonce on every script", async () => {
    const res = await fetch(`${baseUrl}/signin`);
    const policy = res.headers.get("content-security-policy");
    const scriptSrc = /script-src [^;]*/.exec(policy ?? "")?.[0];
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    const nonce = nonceOf(policy);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const scripts = scriptsOf(await res.text());
    expect(scripts.filter((s) => s.inline).length).toBeGreaterThan(0);
    expect(scripts.filter((s) => s.inline && s.nonce !== nonce)).toEqual([]);
  });

  it("draws a new nonce for every answer that is rendered", async () => {
    const nonces = new Set<string | undefined>();
    for (let i = 0; i < 3; i++)
      nonces.add(nonceOf((await fetch(`${baseUrl}/signin`)).headers.get("content-security-policy")));
    expect(nonces.size).toBe(3);
  });

  it("serves a cached page with the policy it was rendered with", async () => {
    const url = `${baseUrl}/papers/date/2026-03-30`;
    await fetch(url);
    const hit = await fetch(url);
    expect(hit.headers.get("x-paperboy-cache")).toBe("hit");
    const nonce = nonceOf(hit.headers.get("content-security-policy"));
    expect(nonce).toBeDefined();
    const scripts = scriptsOf(await hit.text());
    expect(scripts.some((s) => s.inline)).toBe(true);
    expect(scripts.filter((s) => s.inline && s.nonce !== nonce)).toEqual([]);
  });

  it.each(["/papers/date/2026-03-31", "/signin", "/search?q=diffusion"])(
    "lets %s run its own scripts in Chromium and blocks one that was not written with the nonce",
    async (url) => {
      const page = await newPage(browser);
      const violations: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(baseUrl + url);
      // Set by a client component once React has hydrated the page: Next's scripts ran.
      await page.waitForSelector("html[data-keys=ready]");
      const injected = await page.evaluate(() => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = 'ran'";
        document.body.append(script);
        return (window as unknown as { __injected?: string }).__injected ?? "blocked";
      });
      expect(injected).toBe("blocked");
      // The one refusal is the injected script's: none of the page's own.
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatch(/^Executing inline script violates/);
      await page.close();
    },
  );
});

describe("HSTS", () => {
  let https: AppServer;
  beforeAll(async () => {
    https = await startAppServer({
      DATABASE_URL: inject("databaseUrl"),
      APP_URL: "https://papers.example.test",
      NEXTAUTH_URL: "https://papers.example.test",
      PAPERBOY_SEARCH: "off",
      DIGEST_WORKER: "off",
    });
  });
  afterAll(async () => {
    await https?.stop();
  });

  it("is sent on pages and the API when APP_URL is https", async () => {
    for (const path of ["/", "/papers/date/2026-03-31", "/api/daily_papers?limit=1", "/signin"]) {
      const res = await fetch(https.url + path);
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=63072000; includeSubDomains");
    }
  });

  it("is not sent when APP_URL is plain http", async () => {
    const res = await fetch(`${baseUrl}/`);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});
