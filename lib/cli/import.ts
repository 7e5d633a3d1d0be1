// npm run import -- <file or folder>...
// Reads Daily Papers API JSON (YYYY-MM-DD.json) and JSON Lines (.jsonl, .jsonl.gz),
// upserts the papers, prints a summary. Exit 1 when nothing could be imported.
import { parseArgs } from "node:util";
import { connectDatabase } from "@/lib/database/connect";
import { applyMigrations } from "@/lib/database/migrate";
import { disconnectDb } from "@/lib/db";
import { importFiles, type ImportSummary } from "@/lib/papers/import/import-files";
import { createProgress } from "./progress";
import { runCli } from "./run";

export function formatImportSummary(s: ImportSummary, seconds: number): string {
  const lines = [
    `Imported ${s.files} file${s.files === 1 ? "" : "s"} in ${seconds.toFixed(1)} s`,
    `  read       ${s.read}`,
    `  inserted   ${s.inserted}`,
    `  updated    ${s.updated}`,
    `  skipped    ${s.unchanged + s.duplicates} (unchanged ${s.unchanged}, repeated in the file ${s.duplicates})`,
    `  invalid    ${s.invalid}`,
    `Peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  ];
  if (s.relistedCount) {
    lines.push(`Listed on more than one date, kept on the earliest: ${s.relistedCount}`);
    for (const r of s.relisted.slice(0, 10)) lines.push(`  ${r.id}: kept ${r.kept}, also listed ${r.alsoOn}`);
    if (s.relistedCount > 10) lines.push(`  ... and ${s.relistedCount - 10} more`);
  }
  if (s.invalid) {
    lines.push("Invalid records:");
    for (const r of s.invalidRecords) lines.push(`  ${r.file} ${r.position}: ${r.reason}`);
    if (s.invalid > s.invalidRecords.length)
      lines.push(`  ... and ${s.invalid - s.invalidRecords.length} more`);
  }
  for (const f of s.fileErrors) lines.push(`error: ${f.file} ${f.reason}`);
  return lines.join("\n");
}

const USAGE = `usage: npm run import -- <file or folder>...
  .json  Daily Papers API responses (feed date from a YYYY-MM-DD.json name, else from each entry)
  .jsonl, .jsonl.gz  one {id, title, abstract, authorCount, organization, date, upvotes, authors} a line`;

runCli(async (argv) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    return { code: 2, message: `${(error as Error).message}\n${USAGE}` };
  }
  const paths = parsed.positionals;
  if (parsed.values.help) return { code: 0, message: USAGE };
  if (!paths.length) return { code: 2, message: USAGE };
  const database = await connectDatabase(console.error);
  try {
    await applyMigrations(database.url);
    const started = Date.now();
    const progress = createProgress();
    const summary = await importFiles(paths, ({ fileIndex, files, read }) =>
      progress.update(
        `file ${fileIndex}/${files} · ${read.toLocaleString("en")} records · ${progress.rate(read).toLocaleString("en")}/s`,
        { force: fileIndex === files },
      ),
    );
    progress.done();
    const imported = summary.inserted + summary.updated + summary.unchanged;
    return {
      code: imported > 0 ? 0 : 1,
      message: formatImportSummary(summary, (Date.now() - started) / 1000),
    };
  } finally {
    await disconnectDb();
    await database.release();
  }
});
