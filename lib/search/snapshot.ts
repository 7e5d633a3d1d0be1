import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import MiniSearch from "minisearch";
import { getEnv } from "@/lib/env";
import { SEARCH_FIELDS, SEARCH_INDEX_VERSION, SEARCH_OPTIONS, STORED_FIELDS, type SearchDocument } from "./options";
import type { Watermark } from "./queries";
import type { PaperSearchIndex } from "./search-index";

// The index on disk, with the database state it reflects, so that a restart
// loads it instead of rebuilding and then catches up on what changed since.
//
// Layout: a header block of HEADER_BYTES (one JSON line padded with spaces:
// format, index version, watermark, body length and digest), then MiniSearch's
// own JSON. The file is written beside its final name and renamed into place,
// so a reader sees the old snapshot or the new one, never half of one; several
// processes may write it, and the last rename wins. A snapshot that is
// truncated, corrupt or from another index version is refused and the index
// is rebuilt from the database.

export const SNAPSHOT_FORMAT = "paperboy-search-snapshot";
const SNAPSHOT_NAME = "papers-index.snapshot";
const HEADER_BYTES = 1024;
/** Terms serialized per chunk: small enough to give the event loop a turn between chunks. */
const TERMS_PER_CHUNK = 5_000;

type SnapshotHeader = {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  fields: string[];
  storeFields: string[];
  documentCount: number;
  watermark: { maxUpdatedAt: string | null; count: number };
  bodyBytes: number;
  bodySha1: string;
  writtenAt: string;
};

export type LoadedSnapshot = { mini: MiniSearch<SearchDocument>; watermark: Watermark; documentCount: number; bytes: number };
export type SnapshotLoadResult = { ok: true; snapshot: LoadedSnapshot } | { ok: false; reason: string };

export function defaultSnapshotDir(): string {
  return path.join(getEnv().PAPERBOY_DATA_DIR, "search");
}

export function snapshotPath(dir: string): string {
  return path.join(dir, SNAPSHOT_NAME);
}

/**
 * Writes the index and its watermark. MiniSearch's toJSON() is one blocking
 * call (about a second per 10k papers); the text is then produced and
 * written in chunks, yielding between them.
 */
export async function saveSnapshot(index: PaperSearchIndex, dir: string): Promise<{ path: string; bytes: number }> {
  const maxUpdatedAt = index.watermark?.maxUpdatedAt ?? null;
  const js = index.miniSearch.toJSON();
  await fs.mkdir(dir, { recursive: true });
  const final = snapshotPath(dir);
  const temp = `${final}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  const file = await fs.open(temp, "w");
  try {
    const hash = crypto.createHash("sha1");
    let bodyBytes = 0;
    let position = HEADER_BYTES;
    const write = async (text: string) => {
      const bytes = Buffer.from(text, "utf8");
      hash.update(bytes);
      await file.write(bytes, 0, bytes.length, position);
      position += bytes.length;
      bodyBytes += bytes.length;
    };
    const { index: terms, ...rest } = js;
    // Everything but the term index is one piece; MiniSearch reads the keys in any order.
    await write(`${JSON.stringify(rest).slice(0, -1)},"index":[`);
    for (let i = 0; i < terms.length; i += TERMS_PER_CHUNK) {
      const chunk = JSON.stringify(terms.slice(i, i + TERMS_PER_CHUNK)).slice(1, -1);
      await write(i === 0 ? chunk : `,${chunk}`);
      await nextTurn();
    }
    await write("]}");
    const header: SnapshotHeader = {
      format: SNAPSHOT_FORMAT,
      version: SEARCH_INDEX_VERSION,
      fields: [...SEARCH_FIELDS],
      storeFields: [...STORED_FIELDS],
      documentCount: js.documentCount,
      // The count is of the papers the snapshot holds, which is what a restart compares with the database.
      watermark: { maxUpdatedAt: maxUpdatedAt?.toISOString() ?? null, count: js.documentCount },
      bodyBytes,
      bodySha1: hash.digest("hex"),
      writtenAt: new Date().toISOString(),
    };
    const line = Buffer.from(JSON.stringify(header), "utf8");
    if (line.length >= HEADER_BYTES) throw new Error("search snapshot header does not fit its block");
    const block = Buffer.alloc(HEADER_BYTES, " ");
    line.copy(block);
    block[HEADER_BYTES - 1] = 0x0a;
    await file.write(block, 0, HEADER_BYTES, 0);
    await file.sync();
    await file.close();
    await fs.rename(temp, final);
    return { path: final, bytes: HEADER_BYTES + bodyBytes };
  } catch (error) {
    await file.close().catch(() => {});
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Reads and checks a snapshot. Never throws: anything wrong is a reason to rebuild. */
export async function loadSnapshot(dir: string): Promise<SnapshotLoadResult> {
  let data: Buffer;
  try {
    data = await fs.readFile(snapshotPath(dir));
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code === "ENOENT" ? "no snapshot" : `unreadable: ${(error as Error).message}` };
  }
  const header = parseHeader(data);
  if (typeof header === "string") return { ok: false, reason: header };
  const body = data.subarray(HEADER_BYTES);
  if (body.length !== header.bodyBytes) return { ok: false, reason: `truncated: ${body.length} of ${header.bodyBytes} bytes` };
  if (crypto.createHash("sha1").update(body).digest("hex") !== header.bodySha1) return { ok: false, reason: "corrupt: digest mismatch" };
  let mini: MiniSearch<SearchDocument>;
  try {
    mini = await MiniSearch.loadJSONAsync<SearchDocument>(body.toString("utf8"), SEARCH_OPTIONS);
  } catch (error) {
    return { ok: false, reason: `unreadable index: ${(error as Error).message}` };
  }
  if (mini.documentCount !== header.documentCount) return { ok: false, reason: `holds ${mini.documentCount} papers, header says ${header.documentCount}` };
  const maxUpdatedAt = header.watermark.maxUpdatedAt === null ? null : new Date(header.watermark.maxUpdatedAt);
  return { ok: true, snapshot: { mini, watermark: { maxUpdatedAt, count: header.watermark.count }, documentCount: mini.documentCount, bytes: data.length } };
}

function parseHeader(data: Buffer): SnapshotHeader | string {
  if (data.length < HEADER_BYTES) return "truncated header";
  let header: Partial<SnapshotHeader>;
  try {
    header = JSON.parse(data.subarray(0, HEADER_BYTES).toString("utf8")) as Partial<SnapshotHeader>;
  } catch {
    return "corrupt header";
  }
  if (header.format !== SNAPSHOT_FORMAT) return "not a search snapshot";
  if (header.version !== SEARCH_INDEX_VERSION) return `index version ${String(header.version)}, this build uses ${SEARCH_INDEX_VERSION}`;
  if (JSON.stringify(header.fields) !== JSON.stringify(SEARCH_FIELDS) || JSON.stringify(header.storeFields) !== JSON.stringify(STORED_FIELDS)) {
    return "indexed with other fields";
  }
  const w = header.watermark;
  if (typeof header.bodyBytes !== "number" || typeof header.bodySha1 !== "string" || typeof header.documentCount !== "number" || !w || typeof w.count !== "number") {
    return "incomplete header";
  }
  if (w.maxUpdatedAt !== null && Number.isNaN(Date.parse(w.maxUpdatedAt))) return "bad watermark";
  return header as SnapshotHeader;
}
