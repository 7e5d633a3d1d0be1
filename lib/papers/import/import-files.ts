import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { parseIsoDate, type IsoDate } from "../dates";
import { PaperImporter, type ImportCounts } from "./importer";
import { mapHfEntry, mapJsonlRecord, type MappedRecord } from "./sources";
import { splitJsonArray, splitLines, type RawRecord } from "./split-records";

// npm run import: files and folders in, papers upserted in batches (through
// PaperImporter, the path the fetcher takes too). Each batch is one
// statement, so a paper is written whole or not at all, and a killed import
// re-run simply finishes the job (re-importing changes nothing).

const MAX_RECORD_BYTES = 2 * 1_048_576; // a real entry is under 100 KB; its abstract at most a few KB

export type ImportSummary = ImportCounts & {
  files: number;
  fileErrors: { file: string; reason: string }[];
};

export type ImportProgress = { file: string; fileIndex: number; files: number; read: number };

type FileKind = "hf-json" | "jsonl";

function kindOf(file: string): FileKind | null {
  const name = path.basename(file).toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".json")) return "hf-json";
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return "jsonl";
  return null;
}

/** Files named on the command line, folders expanded (sorted, so dates import in order). */
export async function listImportFiles(
  paths: string[],
): Promise<{ files: string[]; errors: { file: string; reason: string }[] }> {
  const files: string[] = [];
  const errors: { file: string; reason: string }[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => null);
    if (!stat) errors.push({ file: p, reason: "no such file or folder" });
    else if (stat.isDirectory()) {
      const names = (await fs.readdir(p)).filter((n) => kindOf(n)).sort();
      if (!names.length)
        errors.push({ file: p, reason: "the folder holds no .json, .jsonl or .jsonl.gz files" });
      files.push(...names.map((n) => path.join(p, n)));
    } else if (!kindOf(p))
      errors.push({ file: p, reason: "not a .json, .jsonl, .ndjson file (optionally .gz)" });
    else files.push(p);
  }
  return { files, errors };
}

function fileDateOf(file: string): IsoDate | null {
  const m = /^(\d{4}-\d{2}-\d{2})\.json(\.gz)?$/i.exec(path.basename(file));
  return m ? parseIsoDate(m[1]!) : null;
}

function openChunks(file: string): AsyncIterable<Buffer> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  return file.toLowerCase().endsWith(".gz") ? stream.pipe(createGunzip()) : stream;
}

async function* readRecords(file: string): AsyncGenerator<{ position: string; mapped: MappedRecord }> {
  const kind = kindOf(file)!;
  const fileDate = fileDateOf(file);
  const split = kind === "jsonl" ? splitLines : splitJsonArray;
  for await (const raw of split(openChunks(file), { maxRecordBytes: MAX_RECORD_BYTES })) {
    yield { position: raw.position, mapped: mapRaw(raw, kind, fileDate) };
  }
}

function mapRaw(raw: RawRecord, kind: FileKind, fileDate: IsoDate | null): MappedRecord {
  if ("error" in raw) return { ok: false, reason: raw.error };
  let value: unknown;
  try {
    value = JSON.parse(raw.text);
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, reason: "not a JSON object" };
  return kind === "jsonl" ? mapJsonlRecord(value) : mapHfEntry(value, fileDate);
}

export async function importFiles(
  paths: string[],
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportSummary> {
  const { files, errors } = await listImportFiles(paths);
  const importer = new PaperImporter();
  const fileErrors = [...errors];
  for (const [fileIndex, file] of files.entries()) {
    try {
      for await (const { position, mapped } of readRecords(file)) {
        await importer.add(mapped, { file, position });
        if (importer.counts.read % 1000 === 0)
          onProgress?.({ file, fileIndex, files: files.length, read: importer.counts.read });
      }
    } catch (e) {
      fileErrors.push({ file, reason: (e as Error).message });
    }
    onProgress?.({ file, fileIndex: fileIndex + 1, files: files.length, read: importer.counts.read });
  }
  await importer.flush();
  return { files: files.length, ...importer.counts, fileErrors };
}
