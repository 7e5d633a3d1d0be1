import type { IsoDate } from "../dates";
import { upsertPapers, type UpsertOutcome } from "../upsert-queries";
import type { PaperRecord } from "../schemas";
import type { MappedRecord } from "./sources";

export const IMPORT_BATCH_SIZE = 500;
const MAX_LISTED = 50;

export type InvalidRecord = { file: string; position: string; reason: string };

export type ImportCounts = {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records merged because the same paper came twice in one batch (the earlier date kept). */
  duplicates: number;
  invalid: number;
  invalidRecords: InvalidRecord[];
  /** Papers listed on more than one date (in this run or against the database): kept on the earliest. */
  relistedCount: number;
  relisted: { id: string; kept: IsoDate; alsoOn: IsoDate }[];
};

type Origin = { file: string; position: string };

/**
 * Records in, papers upserted: the one path by which papers enter the feed
 * from a source (files, and the fetcher, which flushes once per day so a day
 * is written in one statement). Memory stays flat however long the input:
 * only the current batch is held. A paper listed twice in one batch goes in
 * once, on its earliest date with the later listing's counts and fields (a
 * later listing is a later snapshot); one listed again in a later batch meets
 * its stored row, and the upsert keeps the earlier date and reports the other.
 */
export class PaperImporter {
  readonly counts: ImportCounts = {
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    invalid: 0,
    invalidRecords: [],
    relistedCount: 0,
    relisted: [],
  };
  private batch = new Map<string, { record: PaperRecord } & Origin>();

  constructor(private readonly batchSize = IMPORT_BATCH_SIZE) {}

  async add(mapped: MappedRecord, origin: Origin): Promise<void> {
    this.counts.read += 1;
    if (!mapped.ok) return this.noteInvalid(origin, mapped.reason);
    const { record } = mapped;
    const inBatch = this.batch.get(record.id);
    if (inBatch) {
      noteRelisted(this.counts, record.id, inBatch.record.feedDate, record.feedDate);
      this.counts.duplicates += 1;
      const [earlier, later] =
        inBatch.record.feedDate <= record.feedDate ? [inBatch.record, record] : [record, inBatch.record];
      this.batch.set(record.id, {
        record: { ...later, feedDate: earlier.feedDate, feedAddedAt: earlier.feedAddedAt },
        ...origin,
      });
      return;
    }
    this.batch.set(record.id, { record, ...origin });
    if (this.batch.size >= this.batchSize) await this.flush();
  }

  /** Writes what is held, in one statement (a bad row is then retried alone, so it costs only itself). */
  async flush(): Promise<void> {
    if (!this.batch.size) return;
    const rows = [...this.batch.values()];
    this.batch = new Map();
    const outcomes = await this.upsertIsolatingFailures(rows);
    for (const [i, outcome] of outcomes.entries()) {
      const { record } = rows[i]!;
      if (!outcome) continue;
      this.counts[outcome.result] += 1;
      if (outcome.priorFeedDate && outcome.priorFeedDate !== record.feedDate)
        noteRelisted(this.counts, record.id, outcome.priorFeedDate, record.feedDate);
    }
  }

  private noteInvalid({ file, position }: Origin, reason: string): void {
    this.counts.invalid += 1;
    if (this.counts.invalidRecords.length < MAX_LISTED)
      this.counts.invalidRecords.push({ file, position, reason });
  }

  /** A batch that Postgres refuses as a whole is retried row by row, so one bad row costs one row. */
  private async upsertIsolatingFailures(
    rows: ({ record: PaperRecord } & Origin)[],
  ): Promise<(UpsertOutcome | undefined)[]> {
    try {
      return await upsertPapers(rows.map((r) => r.record));
    } catch (e) {
      if (!isDataError(e)) throw e;
      if (rows.length === 1) {
        this.noteInvalid(rows[0]!, `the database refused it: ${(e as Error).message}`);
        return [undefined];
      }
      const outcomes: (UpsertOutcome | undefined)[] = [];
      for (const row of rows) outcomes.push(...(await this.upsertIsolatingFailures([row])));
      return outcomes;
    }
  }
}

function noteRelisted(summary: ImportCounts, id: string, a: IsoDate, b: IsoDate) {
  const [kept, alsoOn] = a <= b ? [a, b] : [b, a];
  summary.relistedCount += 1;
  if (summary.relisted.length < MAX_LISTED) summary.relisted.push({ id, kept, alsoOn });
}

function isDataError(e: unknown): boolean {
  // SQLSTATE class 22 (data exception) and 23 (integrity): the row, not the connection.
  const text = `${(e as { code?: string }).code ?? ""} ${(e as Error).message ?? ""}`;
  return /\b2[23]\d{3}\b|invalid input|out of range|unsupported Unicode/i.test(text);
}
