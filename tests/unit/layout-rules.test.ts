import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// README's Layout section: server actions live in lib/<domain>/actions.ts and
// whoever renders a form imports its action from there. Nothing imports from
// app/: a route is an entry point, and a component or a sibling route reaching
// into one is what hid the request path before.

const ROOT = path.join(import.meta.dirname, "../..");
const SOURCE = /\.tsx?$/;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .flatMap((entry) =>
      entry.isFile() && SOURCE.test(entry.name) ? [path.join(entry.parentPath, entry.name)] : [],
    );
}

const read = (file: string) => fs.readFileSync(file, "utf8");
const relative = (file: string) => path.relative(ROOT, file);

describe("layout rules", () => {
  it("nothing in components/ or lib/ imports from app/", () => {
    const offenders = [...sourceFiles(path.join(ROOT, "components")), ...sourceFiles(path.join(ROOT, "lib"))]
      .filter((file) => /from\s+["']@\/app\//.test(read(file)))
      .map(relative);
    expect(offenders).toEqual([]);
  });

  it("routes import no other route's modules: only their own private _folders", () => {
    const offenders = sourceFiles(path.join(ROOT, "app")).filter((file) =>
      [...read(file).matchAll(/from\s+["']([^"']+)["']/g)].some(([, source]) => {
        if (source!.startsWith("@/app/")) return true;
        return source!.startsWith(".") && !/(^|\/)_[^/]+\//.test(source!);
      }),
    );
    expect(offenders.map(relative)).toEqual([]);
  });

  it("server actions live in lib/<domain>/actions.ts, and only there", () => {
    const withActions = [
      ...sourceFiles(path.join(ROOT, "app")),
      ...sourceFiles(path.join(ROOT, "components")),
      ...sourceFiles(path.join(ROOT, "lib")),
    ]
      .filter((file) => /^\s*["']use server["']/.test(read(file)))
      .map(relative)
      .sort();
    expect(withActions.length).toBeGreaterThan(0);
    for (const file of withActions) expect(file).toMatch(/^lib\/[a-z-]+\/actions\.ts$/);
  });
});
