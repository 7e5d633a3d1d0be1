import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { parseIsoDate, type IsoDate } from "../dates";
import { upsertPapers, type UpsertOutcome } from "../queries";
import type { PaperRecord } from "../schemas";
import { mapHfEntry, mapJsonlRecord, type MappedRecord } from "./sources";
import { splitJsonArray, splitLines, type RawRecord } from "./split-records";

// npm run import: files and folders in, papers upserted in batches. Each batch
// is one statement, so a paper is written whole or not at all, and a killed
// import re-run simply finishes the job (re-importing changes nothing).

export const IMPORT_BATCH_SIZE = 500;
const MAX_RECORD_BYTES = 2 * 1_048_576; // a real entry is under 100 KB; its abstract at most a few KB
const MAX_INVALID_LISTED = 50;

export type InvalidRecord = { file: string; position: string; reason: string };

export type ImportSummary = {
  files: number;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records dropped because the same paper came twice in one batch (the earlier date kept). */
  duplicates: number;
  invalid: number;
  invalidRecords: InvalidRecord[];
  /** Papers listed on more than one date (in this run or against the database): kept on the earliest. */
  relistedCount: number;
  relisted: { id: string; kept: IsoDate; alsoOn: IsoDate }[];
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
  const summary: ImportSummary = {
    files: files.length,
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    invalid: 0,
    invalidRecords: [],
    relistedCount: 0,
    relisted: [],
    fileErrors: errors,
  };
  // Memory stays flat however long the file: only the current batch is held.
  // A paper listed twice in one batch goes in once, on its earliest date; one
  // listed again in a later batch meets its stored row, and the upsert keeps
  // the earlier date and reports the other.
  let batch = new Map<string, { record: PaperRecord; file: string; position: string }>();

  const flush = async () => {
    if (!batch.size) return;
    const rows = [...batch.values()];
    batch = new Map();
    const outcomes = await upsertPapersIsolatingFailures(rows, summary);
    for (const [i, outcome] of outcomes.entries()) {
      const { record } = rows[i]!;
      if (!outcome) continue;
      summary[outcome.result] += 1;
      if (outcome.priorFeedDate && outcome.priorFeedDate !== record.feedDate)
        noteRelisted(summary, record.id, outcome.priorFeedDate, record.feedDate);
    }
  };

  const invalid = (file: string, position: string, reason: string) => {
    summary.invalid += 1;
    if (summary.invalidRecords.length < MAX_INVALID_LISTED)
      summary.invalidRecords.push({ file, position, reason });
  };

  for (const [fileIndex, file] of files.entries()) {
    try {
      for await (const { position, mapped } of readRecords(file)) {
        summary.read += 1;
        if (summary.read % 1000 === 0)
          onProgress?.({ file, fileIndex, files: files.length, read: summary.read });
        if (!mapped.ok) {
          invalid(file, position, mapped.reason);
          continue;
        }
        const { record } = mapped;
        const inBatch = batch.get(record.id);
        if (inBatch) {
          noteRelisted(summary, record.id, inBatch.record.feedDate, record.feedDate);
          summary.duplicates += 1;
          if (inBatch.record.feedDate <= record.feedDate) continue; // the earlier listing stands
        }
        batch.set(record.id, { record, file, position });
        if (batch.size >= IMPORT_BATCH_SIZE) await flush();
      }
    } catch (e) {
      summary.fileErrors.push({ file, reason: (e as Error).message });
    }
    onProgress?.({ file, fileIndex: fileIndex + 1, files: files.length, read: summary.read });
  }
  await flush();
  return summary;
}

function noteRelisted(summary: ImportSummary, id: string, a: IsoDate, b: IsoDate) {
  const [kept, alsoOn] = a <= b ? [a, b] : [b, a];
  summary.relistedCount += 1;
  if (summary.relisted.length < MAX_INVALID_LISTED) summary.relisted.push({ id, kept, alsoOn });
}

/** A batch that Postgres refuses as a whole is retried row by row, so one bad row costs one row. */
async function upsertPapersIsolatingFailures(
  rows: { record: PaperRecord; file: string; position: string }[],
  summary: ImportSummary,
): Promise<(UpsertOutcome | undefined)[]> {
  try {
    return await upsertPapers(rows.map((r) => r.record));
  } catch (e) {
    if (!isDataError(e) || rows.length === 1) {
      if (rows.length === 1 && isDataError(e)) {
        summary.invalid += 1;
        summary.invalidRecords.push({
          file: rows[0]!.file,
          position: rows[0]!.position,
          reason: `the database refused it: ${(e as Error).message}`,
        });
        return [undefined];
      }
      throw e;
    }
    const outcomes: (UpsertOutcome | undefined)[] = [];
    for (const row of rows) outcomes.push(...(await upsertPapersIsolatingFailures([row], summary)));
    return outcomes;
  }
}

function isDataError(e: unknown): boolean {
  // SQLSTATE class 22 (data exception) and 23 (integrity): the row, not the connection.
  const text = `${(e as { code?: string }).code ?? ""} ${(e as Error).message ?? ""}`;
  return /\b2[23]\d{3}\b|invalid input|out of range|unsupported Unicode/i.test(text);
}
