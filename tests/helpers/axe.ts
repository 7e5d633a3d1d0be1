import fs from "node:fs";
import type { Browser, Page } from "playwright-core";

// axe-core (the rules engine behind Lighthouse's accessibility audit) run in
// the page. The page's content security policy allows only its own scripts,
// so the audit runs in a context that bypasses it.

const AXE_SOURCE = fs.readFileSync("node_modules/axe-core/axe.min.js", "utf8");

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

export async function newAuditPage(browser: Browser, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, colorScheme });
  return context.newPage();
}

/** The serious and critical violations on the page as it stands. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }
    ).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}
