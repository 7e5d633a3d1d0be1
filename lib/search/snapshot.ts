import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { getEnv } from "@/lib/env";
import { SEARCH_FIELDS, SEARCH_INDEX_VERSION, STORED_FIELDS } from "./options";
import { SearchCards, type FrozenCards } from "./cards";
import { FIELD_COUNT, PostingIndex, type FrozenIndex } from "./posting-index";
import type { Watermark } from "./queries";
import type { PaperSearchIndex } from "./search-index";

// The index on disk, with the database state it reflects, so that a restart
// loads it instead of rebuilding and then catches up on what changed since.
//
// Layout: a header block of HEADER_BYTES (one JSON line padded with spaces:
// format, index version, watermark, the sections' lengths, body digest),
// then the body: the posting index's arrays as they are in memory, and the
// result cards (cards.ts: one UTF-8 text and its offsets), each section
// padded to 8 bytes. Loading is a read, a digest and a copy per
// section, with no parsing of postings. The file is written beside its final
// name and renamed into place, so a reader sees the old snapshot or the new
// one, never half of one; several processes may write it, and the last
// rename wins. A snapshot that is truncated, corrupt, from another index
// version or another byte order is refused and the index rebuilt.
//
// Past 300 lines on purpose: the writer and the reader of one file format,
// side by side so a change to the layout changes both at once.

export const SNAPSHOT_FORMAT = "paperboy-search-snapshot-3";
const SNAPSHOT_NAME = "papers-index.snapshot";
const HEADER_BYTES = 4096;

const SECTIONS = [
  "ids",
  "terms",
  "orgs",
  "day",
  "upvotes",
  "org",
  "lengths",
  "start",
  "docs",
  "tfs",
  "seqStart",
  "seq",
  "cardText",
  "cardOffsets",
  "cardAuthors",
  "cardNulls",
] as const;
type SectionName = (typeof SECTIONS)[number];

type SnapshotHeader = {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  endianness: "LE" | "BE";
  /** getDatabaseIdentity() of the database the index was read from (null when unknown). */
  database: string | null;
  fields: string[];
  storeFields: string[];
  documentCount: number;
  watermark: { maxUpdatedAt: string | null; count: number; readAt: string | null };
  /** Byte length of each section, in SECTIONS order (before padding). */
  sections: Record<SectionName, number>;
  bodyBytes: number;
  bodySha1: string;
  writtenAt: string;
};

export type LoadedSnapshot = {
  postings: PostingIndex;
  cards: SearchCards;
  watermark: Watermark;
  documentCount: number;
  bytes: number;
};
export type SnapshotLoadResult = { ok: true; snapshot: LoadedSnapshot } | { ok: false; reason: string };

export function defaultSnapshotDir(): string {
  return path.join(getEnv().PAPERBOY_DATA_DIR, "search");
}

export function snapshotPath(dir: string): string {
  return path.join(dir, SNAPSHOT_NAME);
}

const padded = (n: number) => Math.ceil(n / 8) * 8;
const bytesOf = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

function sectionBytes(frozen: FrozenIndex, cards: FrozenCards): Record<SectionName, Buffer> {
  return {
    ids: Buffer.from(frozen.ids.join("\n"), "utf8"),
    terms: Buffer.from(frozen.terms.join("\n"), "utf8"),
    orgs: Buffer.from(JSON.stringify(frozen.orgs), "utf8"),
    day: bytesOf(frozen.day),
    upvotes: bytesOf(frozen.upvotes),
    org: bytesOf(frozen.org),
    lengths: bytesOf(frozen.lengths),
    start: bytesOf(frozen.start),
    docs: bytesOf(frozen.docs),
    tfs: bytesOf(frozen.tfs),
    seqStart: bytesOf(frozen.seqStart),
    seq: bytesOf(frozen.seq),
    cardText: bytesOf(cards.text),
    cardOffsets: bytesOf(cards.offsets),
    cardAuthors: bytesOf(cards.authorCount),
    cardNulls: bytesOf(cards.nulls),
  };
}

/**
 * Writes the index and its watermark. Compacting and taking the arrays is
 * one synchronous step (the arrays are not changed afterwards); the writing
 * yields between sections.
 */
export async function saveSnapshot(
  index: PaperSearchIndex,
  dir: string,
  database: string | null = null,
): Promise<{ path: string; bytes: number }> {
  const maxUpdatedAt = index.watermark?.maxUpdatedAt ?? null;
  const readAt = index.watermark?.readAt ?? null;
  const frozen = index.postingIndex.freeze();
  const sections = sectionBytes(frozen, index.searchCards.freeze(frozen.ids));
  await fs.mkdir(dir, { recursive: true });
  await removeStaleTempFiles(dir);
  const final = snapshotPath(dir);
  const temp = `${final}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  const file = await fs.open(temp, "w");
  try {
    const hash = crypto.createHash("sha1");
    let position = HEADER_BYTES;
    const lengths = {} as Record<SectionName, number>;
    for (const name of SECTIONS) {
      const bytes = sections[name];
      lengths[name] = bytes.length;
      // Written as they are, then the padding: no copy of the cards' 100 MB of text.
      const padding = Buffer.alloc(padded(bytes.length) - bytes.length);
      hash.update(bytes);
      hash.update(padding);
      await file.write(bytes, 0, bytes.length, position);
      if (padding.length) await file.write(padding, 0, padding.length, position + bytes.length);
      position += bytes.length + padding.length;
      await nextTurn();
    }
    const header: SnapshotHeader = {
      format: SNAPSHOT_FORMAT,
      version: SEARCH_INDEX_VERSION,
      endianness: os.endianness(),
      database,
      fields: [...SEARCH_FIELDS],
      storeFields: [...STORED_FIELDS],
      documentCount: frozen.ids.length,
      // The count is of the papers the snapshot holds, which is what a restart compares with the database.
      watermark: {
        maxUpdatedAt: maxUpdatedAt?.toISOString() ?? null,
        count: frozen.ids.length,
        readAt: readAt?.toISOString() ?? null,
      },
      sections: lengths,
      bodyBytes: position - HEADER_BYTES,
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
    return { path: final, bytes: position };
  } catch (error) {
    await file.close().catch(() => {});
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Reads and checks a snapshot. Never throws: anything wrong is a reason to rebuild. */
export async function loadSnapshot(dir: string, database: string | null = null): Promise<SnapshotLoadResult> {
  let data: Buffer;
  try {
    data = await fs.readFile(snapshotPath(dir));
  } catch (error) {
    return {
      ok: false,
      reason:
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "no snapshot"
          : `unreadable: ${(error as Error).message}`,
    };
  }
  const header = parseHeader(data);
  if (typeof header === "string") return { ok: false, reason: header };
  if (database !== null && header.database !== null && header.database !== database)
    return { ok: false, reason: "written for another database" };
  const body = data.subarray(HEADER_BYTES);
  if (body.length !== header.bodyBytes)
    return { ok: false, reason: `truncated: ${body.length} of ${header.bodyBytes} bytes` };
  if (crypto.createHash("sha1").update(body).digest("hex") !== header.bodySha1)
    return { ok: false, reason: "corrupt: digest mismatch" };
  const read = readSections(body, header.sections);
  if (typeof read === "string") return { ok: false, reason: read };
  const { frozen, cards } = read;
  if (frozen.ids.length !== header.documentCount)
    return { ok: false, reason: `holds ${frozen.ids.length} papers, header says ${header.documentCount}` };
  const postings = PostingIndex.fromFrozen(frozen);
  const date = (iso: string | null) => (iso === null ? null : new Date(iso));
  const watermark = {
    maxUpdatedAt: date(header.watermark.maxUpdatedAt),
    count: header.watermark.count,
    readAt: date(header.watermark.readAt),
  };
  return {
    ok: true,
    snapshot: {
      postings,
      cards: SearchCards.fromFrozen(frozen.ids, cards),
      watermark,
      documentCount: postings.documentCount,
      bytes: data.length,
    },
  };
}

/** A process killed while writing leaves its temporary file: those older than a few minutes are nobody's. */
async function removeStaleTempFiles(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const before = Date.now() - 10 * 60_000;
  for (const name of names) {
    if (!name.startsWith(`${SNAPSHOT_NAME}.`) || !name.endsWith(".tmp")) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat && stat.mtimeMs < before) await fs.rm(file, { force: true });
  }
}

function readSections(
  body: Buffer,
  lengths: Record<SectionName, number>,
): { frozen: FrozenIndex; cards: FrozenCards } | string {
  const at = {} as Record<SectionName, Buffer>;
  let offset = 0;
  for (const name of SECTIONS) {
    const length = lengths[name];
    if (!Number.isSafeInteger(length) || length < 0 || offset + length > body.length)
      return `bad section ${name}`;
    at[name] = body.subarray(offset, offset + length);
    offset += padded(length);
  }
  if (offset !== body.length) return "sections do not fill the body";
  // Copies, so each array has an aligned buffer of its own (and the file's buffer can go).
  const copy = <T extends ArrayBufferView>(
    make: new (buffer: ArrayBuffer) => T,
    bytes: Buffer,
    width: number,
  ): T | null => {
    if (bytes.length % width) return null;
    const buffer = new ArrayBuffer(bytes.length);
    new Uint8Array(buffer).set(bytes);
    return new make(buffer);
  };
  const lines = (bytes: Buffer) => (bytes.length ? bytes.toString("utf8").split("\n") : []);
  let orgs: unknown;
  try {
    orgs = JSON.parse(at.orgs.toString("utf8"));
  } catch {
    return "bad organizations";
  }
  if (!Array.isArray(orgs) || !orgs.every((o) => typeof o === "string")) return "bad organizations";
  const ids = lines(at.ids);
  const terms = lines(at.terms);
  const day = copy(Int32Array, at.day, 4);
  const upvotes = copy(Int32Array, at.upvotes, 4);
  const org = copy(Int32Array, at.org, 4);
  const fieldLengths = copy(Uint16Array, at.lengths, 2);
  const start = copy(Uint32Array, at.start, 4);
  const docs = copy(Uint32Array, at.docs, 4);
  const tfs = copy(Uint8Array, at.tfs, 1);
  const seqStart = copy(Uint32Array, at.seqStart, 4);
  const seq = copy(Uint16Array, at.seq, 2);
  const cardText = copy(Uint8Array, at.cardText, 1);
  const cardOffsets = copy(Uint32Array, at.cardOffsets, 4);
  const cardAuthors = copy(Int32Array, at.cardAuthors, 4);
  const cardNulls = copy(Uint8Array, at.cardNulls, 1);
  const n = ids.length;
  if (!day || !upvotes || !org || !fieldLengths || !start || !docs || !tfs || !seqStart || !seq)
    return "misaligned section";
  if (!cardText || !cardOffsets || !cardAuthors || !cardNulls) return "misaligned section";
  if (
    cardOffsets.length !== n * 4 + 1 ||
    cardOffsets[n * 4] !== cardText.length ||
    cardAuthors.length !== n ||
    cardNulls.length !== n
  )
    return "card sections disagree";
  if (seqStart.length !== n + 1 || seqStart[n] !== seq.length) return "word order sections disagree";
  if (day.length !== n || upvotes.length !== n || org.length !== n || fieldLengths.length !== n * FIELD_COUNT)
    return "paper sections disagree";
  if (
    start.length !== terms.length * FIELD_COUNT + 1 ||
    start[start.length - 1] !== docs.length ||
    tfs.length !== docs.length
  )
    return "posting sections disagree";
  return {
    frozen: {
      ids,
      terms,
      orgs: orgs,
      day,
      upvotes,
      org,
      lengths: fieldLengths,
      start,
      docs,
      tfs,
      seqStart,
      seq,
    },
    cards: { text: cardText, offsets: cardOffsets, authorCount: cardAuthors, nulls: cardNulls },
  };
}

function parseHeader(data: Buffer): SnapshotHeader | string {
  if (data.length < HEADER_BYTES) return "truncated header";
  let header: Partial<SnapshotHeader>;
  try {
    header = JSON.parse(data.subarray(0, HEADER_BYTES).toString("utf8")) as Partial<SnapshotHeader>;
  } catch {
    return "corrupt header";
  }
  if (header.format !== SNAPSHOT_FORMAT) return "not a search snapshot of this format";
  if (header.version !== SEARCH_INDEX_VERSION)
    return `index version ${String(header.version)}, this build uses ${SEARCH_INDEX_VERSION}`;
  if (header.endianness !== os.endianness()) return "written on a machine of another byte order";
  if (header.database !== null && typeof header.database !== "string") return "incomplete header";
  if (
    JSON.stringify(header.fields) !== JSON.stringify(SEARCH_FIELDS) ||
    JSON.stringify(header.storeFields) !== JSON.stringify(STORED_FIELDS)
  ) {
    return "indexed with other fields";
  }
  const w = header.watermark;
  if (
    typeof header.bodyBytes !== "number" ||
    typeof header.bodySha1 !== "string" ||
    typeof header.documentCount !== "number" ||
    !w ||
    typeof w.count !== "number" ||
    !header.sections
  ) {
    return "incomplete header";
  }
  for (const at of [w.maxUpdatedAt, w.readAt])
    if (at !== null && (typeof at !== "string" || Number.isNaN(Date.parse(at)))) return "bad watermark";
  return header as SnapshotHeader;
}
