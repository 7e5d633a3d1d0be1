import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { axeViolations, newAuditPage } from "../helpers/axe";
import { launchBrowser } from "../helpers/browser";

// axe-core on every page type, light and dark: no serious or critical violation.

const base = inject("baseUrl");
let browser: Browser;
let session = "";
beforeAll(async () => {
  browser = await launchBrowser();
  // A signed-in reader, made in the database as next-auth makes one, for the account pages.
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  session = crypto.randomBytes(16).toString("hex");
  const id = `a11y-${session.slice(0, 8)}`;
  await client.query("INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'Ada', now())", [
    id,
    `${id}@example.org`,
  ]);
  await client.query(
    "INSERT INTO sessions (session_token, user_id, expires) VALUES ($1, $2, now() + interval '1 day')",
    [session, id],
  );
  await client.end();
});
afterAll(() => browser?.close());

const PAGES = [
  "/",
  "/papers/date/2026-03-31",
  "/papers/week/2026-W14",
  "/papers/month/2026-03",
  "/papers/trending",
  "/papers/2603.28589",
  "/papers/date/2026-03-29",
  "/search?q=diffusion",
  "/search",
  "/signin",
  "/subscribe",
  "/digest/daily/2026-03-31",
  "/digest/weekly/2026-W14",
  "/papers/2601.99999",
  "/papers/2602.04705",
  "/authors/Haifeng%20Wang",
  "/organizations/moonshotai",
  "/digest/daily/2026-03-29",
];
const SIGNED_IN_PAGES = ["/papers/date/2026-03-31", "/submit", "/me/upvotes", "/me/digest"];

describe("accessibility (axe-core)", () => {
  it.each(SIGNED_IN_PAGES)("%s, signed in, has no serious or critical violation", async (path) => {
    const page = await newAuditPage(browser);
    try {
      await page.context().addCookies([{ name: "next-auth.session-token", value: session, url: base }]);
      await page.goto(`${base}${path}`);
      await page.waitForLoadState("networkidle");
      expect(await page.locator("[data-user-menu]").textContent()).toContain("Ada");
      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  for (const scheme of ["light", "dark"] as const) {
    it.each(PAGES)(`%s has no serious or critical violation (${scheme})`, async (path) => {
      const page = await newAuditPage(browser, scheme);
      try {
        await page.goto(`${base}${path}`);
        await page.waitForLoadState("networkidle");
        const violations = await axeViolations(page);
        expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }
});
