import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

// "Builds if needed": a production build is reused while the sources it was
// built from are unchanged (same paths, sizes and modification times).

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.mjs",
  "proxy.ts",
  "instrumentation.ts",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
];
const SKIP = new Set(["generated", "node_modules", ".next"]);
export const STAMP_FILE = path.join(".next", "paperboy-build-stamp");

async function walk(entry: string, out: string[]): Promise<void> {
  const stat = await fs.stat(entry).catch(() => null);
  if (!stat) return;
  if (stat.isDirectory()) {
    for (const name of (await fs.readdir(entry)).sort())
      if (!SKIP.has(name)) await walk(path.join(entry, name), out);
  } else {
    out.push(`${entry}:${stat.size}:${stat.mtimeMs}`);
  }
}

export async function sourceStamp(): Promise<string> {
  const lines: string[] = [];
  for (const source of SOURCES) await walk(source, lines);
  return crypto.createHash("sha256").update(lines.join("\n")).digest("hex");
}

export async function isBuildCurrent(): Promise<boolean> {
  const [stamp, built, buildId] = await Promise.all([
    sourceStamp(),
    fs.readFile(STAMP_FILE, "utf8").catch(() => ""),
    fs.stat(path.join(".next", "BUILD_ID")).catch(() => null),
  ]);
  return !!buildId && stamp === built.trim();
}

export async function writeBuildStamp(): Promise<void> {
  await fs.writeFile(STAMP_FILE, await sourceStamp());
}
