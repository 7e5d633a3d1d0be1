// npm run bench:search - the search index against Postgres full-text search
// and ILIKE, on the real Daily Papers set and on that set plus 75k arXiv
// listings, in a scratch database on the test server (127.0.0.1:5432),
// dropped afterwards. Writes docs/BENCHMARKS-search.md and docs/bench-search.json.
// Run with --expose-gc (the npm script does) so memory is read after a collection.
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { importFiles } from "@/lib/papers/import/import-files";
import { parseSearchQuery } from "@/lib/search/query";
import { PostingIndex } from "@/lib/search/posting-index";
import { PaperSearchIndex } from "@/lib/search/search-index";
import { loadSnapshot, saveSnapshot } from "@/lib/search/snapshot";
import MiniSearch from "minisearch";
import { toSearchDocument } from "@/lib/search/documents";
import {
  fuzzinessOf,
  SEARCH_DEFAULTS,
  SEARCH_OPTIONS,
  typoCandidateMaxPapers,
  type SearchDocument,
} from "@/lib/search/options";
import { listSearchRows } from "@/lib/search/queries";
import { FUZZY_WHEN_FEWER_THAN } from "@/lib/search/search-index";
import { buildSearchIndex, warmSearchIndex } from "@/lib/search/sync";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { EDITS, misspell, seeded } from "../helpers/misspell";

const root = path.resolve(import.meta.dirname, "../..");
const dataDir = path.resolve(root, "../shared/data");
const hfDir = path.join(dataDir, "hf-daily-papers");
const arxivFile = path.join(dataDir, "arxiv-75k.jsonl.gz");
const REPEATS = 7; // timed runs of each query, after one untimed run
/** One-edit titles the typo recall is measured on (the issue asks for at least 200). */
const TYPO_SAMPLE = 300;
const TOP = 20;

type QueryMix = { kinds: Record<string, string[]> };
type Latency = { p50: number; p95: number; p99: number; max: number; samples: number };
type EngineName = "index" | "minisearch" | "postgresFts" | "ilike";
type QueryResult = {
  kind: string;
  q: string;
  hits: Record<EngineName, number>;
  indexTotal: number;
  typoTolerant: boolean;
  /** Plain MiniSearch found as many papers and the same top 20 (as a set: float ties may order differently). */
  minisearchAgrees: boolean;
  p50: Record<EngineName, number>;
};
type Baseline = (q: string, limit: number) => { total: number; ids: string[] };
type TypoRecall = {
  /** One-edit titles searched. */
  sample: number;
  /** Share of them whose paper came back in the top 3. */
  recallAt3: number;
  latency: Latency;
  /** A few of the misses, for reading. */
  misses: string[];
};
type CorpusReport = {
  name: string;
  typoRecall: TypoRecall;
  papers: number;
  importSeconds: number;
  index: { buildSeconds: number; heapMB: number; rssMB: number; terms: number; postings: number };
  minisearch: { buildSeconds: number; heapMB: number };
  snapshot: {
    bytes: number;
    saveSeconds: number;
    loadSeconds: number;
    restartSeconds: number;
    heapAfterLoadMB: number;
  };
  postgres: { ftsIndexMB: number; ftsColumnSeconds: number };
  latency: Record<EngineName, Latency & { byKind: Record<string, Latency> }>;
  suggestMs: Latency;
  similarMs: Latency;
  queries: QueryResult[];
};

const gc = (globalThis as { gc?: () => void }).gc;
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setImmediate(r));
  }
}
const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
const secs = (ms: number) => Math.round(ms / 10) / 100;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
/** Milliseconds for the tables: three significant digits or so. */
const fmt = (n: number) => String(n >= 100 ? Math.round(n) : n >= 10 ? round(n, 1) : round(n, 2));

function latency(samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return {
    p50: round(at(50), 3),
    p95: round(at(95), 3),
    p99: round(at(99), 3),
    max: round(s.at(-1) ?? NaN, 3),
    samples: s.length,
  };
}

async function timeIt<T>(run: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

// Postgres full-text search as the issue describes it: a stored, weighted tsvector with a GIN index, ranked by ts_rank, top 20.
// Created in the scratch database only; the app's schema does not have it.
async function addFtsColumn(client: pg.Client): Promise<{ seconds: number; indexMB: number }> {
  const { ms } = await timeIt(async () => {
    await client.query("DROP INDEX IF EXISTS papers_fts_idx");
    await client.query("ALTER TABLE papers ADD COLUMN IF NOT EXISTS fts tsvector");
    await client.query(`UPDATE papers SET fts =
      setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', abstract), 'B') ||
      setweight(to_tsvector('simple', array_to_string(authors, ' ')), 'C') ||
      setweight(to_tsvector('simple', coalesce(org_name, '') || ' ' || coalesce(org_handle, '')), 'C')`);
    await client.query("CREATE INDEX papers_fts_idx ON papers USING gin (fts)");
    await client.query("VACUUM ANALYZE papers");
  });
  const size = await client.query<{ bytes: string }>("SELECT pg_relation_size('papers_fts_idx') AS bytes");
  return { seconds: secs(ms), indexMB: mb(Number(size.rows[0]?.bytes ?? 0)) };
}

/** The same terms the index searches (query.ts), as a tsquery: all required, the word being typed as a prefix. */
function toTsquery(q: string): string | null {
  const { terms, prefixLast } = parseSearchQuery(q);
  if (!terms.length) return null;
  return terms.map((t, i) => (prefixLast && i === terms.length - 1 ? `${t}:*` : t)).join(" & ");
}

const engines: Record<"postgresFts" | "ilike", (client: pg.Client, q: string) => Promise<number>> = {
  postgresFts: async (client, q) => {
    const tsquery = toTsquery(q);
    if (!tsquery) return 0;
    const r = await client.query(
      `SELECT id FROM papers, to_tsquery('english', $1) query
       WHERE NOT hidden AND fts @@ query ORDER BY ts_rank(fts, query) DESC LIMIT ${TOP}`,
      [tsquery],
    );
    return r.rowCount ?? 0;
  },
  // A search without an index or a rank: every word somewhere in title or abstract, most upvoted first.
  ilike: async (client, q) => {
    const { terms } = parseSearchQuery(q);
    if (!terms.length) return 0;
    const r = await client.query(
      `SELECT id FROM papers WHERE NOT hidden AND (title || ' ' || abstract) ILIKE ALL ($1::text[])
       ORDER BY upvotes DESC, id LIMIT ${TOP}`,
      [terms.map((t) => `%${t}%`)],
    );
    return r.rowCount ?? 0;
  },
};

/** Paperboy's index, Postgres FTS and ILIKE, query by query in turn. */
async function measureQueries(
  index: PaperSearchIndex,
  client: pg.Client,
  mix: QueryMix,
): Promise<Pick<CorpusReport, "latency" | "queries">> {
  const all = Object.entries(mix.kinds).flatMap(([kind, qs]) => qs.map((q) => ({ kind, q })));
  const samples: Record<EngineName, { kind: string; ms: number }[]> = {
    index: [],
    minisearch: [],
    postgresFts: [],
    ilike: [],
  };
  const queries: QueryResult[] = [];
  for (const { kind, q } of all) {
    const zero = { index: 0, minisearch: 0, postgresFts: 0, ilike: 0 };
    const result: QueryResult = {
      kind,
      q,
      hits: { ...zero },
      indexTotal: 0,
      typoTolerant: false,
      minisearchAgrees: false,
      p50: { ...zero },
    };
    const per: Record<EngineName, number[]> = { index: [], minisearch: [], postgresFts: [], ilike: [] };
    // Each engine's runs back to back (one untimed first), as a server answering searches would run them.
    for (let run = 0; run <= REPEATS; run++) {
      const started = performance.now();
      const found = index.search({ q, limit: TOP });
      if (run > 0) per.index.push(performance.now() - started);
      result.hits.index = found.hits.length;
      result.indexTotal = found.total;
      result.typoTolerant = found.typoTolerant;
    }
    for (const name of ["postgresFts", "ilike"] as const) {
      for (let run = 0; run <= REPEATS; run++) {
        const e = await timeIt(() => engines[name](client, q));
        if (run > 0) per[name].push(e.ms);
        result.hits[name] = e.value;
      }
    }
    for (const name of Object.keys(per) as EngineName[]) {
      result.p50[name] = latency(per[name]).p50;
      samples[name].push(...per[name].map((ms) => ({ kind, ms })));
    }
    queries.push(result);
    log(
      `  ${kind.padEnd(18)} ${q.slice(0, 40).padEnd(40)} index ${result.p50.index.toFixed(1).padStart(7)} ms (${result.indexTotal} papers)  fts ${result.p50.postgresFts.toFixed(1).padStart(7)} ms  ilike ${result.p50.ilike.toFixed(1).padStart(7)} ms`,
    );
  }
  const summarise = (list: { kind: string; ms: number }[]) => ({
    ...latency(list.map((s) => s.ms)),
    byKind: Object.fromEntries(
      Object.keys(mix.kinds).map((kind) => [
        kind,
        latency(list.filter((s) => s.kind === kind).map((s) => s.ms)),
      ]),
    ),
  });
  return {
    latency: {
      index: summarise(samples.index),
      minisearch: summarise([]),
      postgresFts: summarise(samples.postgresFts),
      ilike: summarise(samples.ilike),
    },
    queries,
  };
}

/**
 * MiniSearch as it comes, with the app's options, over the same papers: what
 * the app searched with before it had a posting index of its own, searched
 * the same way (all words, the word being typed as a prefix, a typo pass when
 * fewer than 5 papers are found).
 */
async function buildMiniSearchBaseline(): Promise<Baseline> {
  const mini = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  for (let after: string | null = null; ;) {
    const rows = await listSearchRows(after, 1_000);
    mini.addAll(rows.map(toSearchDocument));
    if (rows.length < 1_000) break;
    after = rows.at(-1)!.id;
  }
  const asParsed = { tokenize: (text: string) => text.split(" "), processTerm: (term: string) => term };
  return (q, limit) => {
    const { terms, prefixLast } = parseSearchQuery(q);
    if (!terms.length) return { total: 0, ids: [] };
    const options = { ...asParsed, prefix: prefixLast ? SEARCH_DEFAULTS.prefix : false };
    let results = mini.search(terms.join(" "), { ...options, fuzzy: false });
    if (results.length < FUZZY_WHEN_FEWER_THAN) {
      const papersWith = (term: string) =>
        mini.search(term, { ...options, prefix: false, fuzzy: false }).length;
      const respell = terms.filter(
        (t) => fuzzinessOf(t) !== false && papersWith(t) <= typoCandidateMaxPapers(mini.documentCount),
      );
      if (respell.length)
        results = mini.search(terms.join(" "), {
          ...options,
          fuzzy: (term: string) => (respell.includes(term) ? fuzzinessOf(term) : false),
        });
    }
    return { total: results.length, ids: results.slice(0, limit).map((r) => String(r.id)) };
  };
}

/** Plain MiniSearch on the same queries, into the same results; and whether it found the same papers. */
function measureBaseline(
  index: PaperSearchIndex,
  baseline: Baseline,
  mix: QueryMix,
  measured: Pick<CorpusReport, "latency" | "queries">,
): void {
  const samples: { kind: string; ms: number }[] = [];
  for (const result of measured.queries) {
    const ours = index.search({ q: result.q, limit: TOP });
    const per: number[] = [];
    for (let run = 0; run <= REPEATS; run++) {
      const started = performance.now();
      const found = baseline(result.q, TOP);
      if (run > 0) per.push(performance.now() - started);
      result.hits.minisearch = found.ids.length;
      result.minisearchAgrees =
        found.total === ours.total &&
        [...found.ids].sort().join() ===
          ours.hits
            .map((h) => h.id)
            .sort()
            .join();
    }
    result.p50.minisearch = latency(per).p50;
    samples.push(...per.map((ms) => ({ kind: result.kind, ms })));
    log(
      `  ${result.kind.padEnd(18)} ${result.q.slice(0, 40).padEnd(40)} minisearch ${result.p50.minisearch.toFixed(1).padStart(7)} ms${result.minisearchAgrees ? "" : " (found other papers)"}`,
    );
  }
  measured.latency.minisearch = {
    ...latency(samples.map((s) => s.ms)),
    byKind: Object.fromEntries(
      Object.keys(mix.kinds).map((kind) => [
        kind,
        latency(samples.filter((s) => s.kind === kind).map((s) => s.ms)),
      ]),
    ),
  };
}

async function measureCorpus(
  name: string,
  papers: number,
  importSeconds: number,
  client: pg.Client,
  mix: QueryMix,
  snapshotDir: string,
): Promise<CorpusReport> {
  log(`${name}: ${papers} papers; full-text column and GIN index`);
  const fts = await addFtsColumn(client);
  // Each phase in a function of its own, so the index it made is garbage once it returns.
  const built = await measureBuiltIndex(name, client, mix, snapshotDir);
  const loadOnly = await measureSnapshotLoad(snapshotDir);
  const restart = await measureRestart(snapshotDir);
  log(
    `${name}: snapshot load ${loadOnly.seconds} s, restart to ready ${restart.seconds} s, heap +${restart.heapMB} MB`,
  );
  return {
    name,
    papers,
    importSeconds,
    index: built.index,
    minisearch: built.minisearch,
    snapshot: {
      bytes: built.snapshotBytes,
      saveSeconds: built.saveSeconds,
      loadSeconds: loadOnly.seconds,
      restartSeconds: restart.seconds,
      heapAfterLoadMB: restart.heapMB,
    },
    postgres: { ftsIndexMB: fts.indexMB, ftsColumnSeconds: fts.seconds },
    latency: built.latency,
    typoRecall: built.typoRecall,
    suggestMs: built.suggestMs,
    similarMs: built.similarMs,
    queries: built.queries,
  };
}

async function measureBuiltIndex(name: string, client: pg.Client, mix: QueryMix, snapshotDir: string) {
  log(`${name}: building the index`);
  await settle();
  const before = process.memoryUsage();
  const index = new PaperSearchIndex();
  const build = await timeIt(() => buildSearchIndex(index));
  index.status = "ready";
  await settle();
  const after = process.memoryUsage();
  const indexReport = {
    buildSeconds: secs(build.ms),
    heapMB: mb(heldBytes(after) - heldBytes(before)),
    rssMB: mb(after.rss),
    terms: index.termCount,
    postings: index.postingIndex.basePostings,
  };
  log(
    `${name}: built in ${indexReport.buildSeconds} s, heap +${indexReport.heapMB} MB, rss ${indexReport.rssMB} MB`,
  );

  const save = await timeIt(() => saveSnapshot(index, snapshotDir));
  log(`${name}: snapshot ${mb(save.value.bytes)} MB in ${secs(save.ms)} s; queries`);

  const measured = await measureQueries(index, client, mix);
  const typoRecall = await measureTypoRecall(index, client);
  log(
    `${name}: typo recall@3 ${(typoRecall.recallAt3 * 100).toFixed(1)}% of ${typoRecall.sample} one-edit titles, p50 ${fmt(typoRecall.latency.p50)} ms, p95 ${fmt(typoRecall.latency.p95)} ms`,
  );
  const suggestSamples: number[] = [];
  for (let run = 0; run <= REPEATS; run++) {
    for (const q of mix.kinds["prefix being typed"] ?? []) {
      const s = await timeIt(() => index.suggest(q));
      if (run > 0) suggestSamples.push(s.ms);
    }
  }
  const papers = (
    await client.query<{ id: string; title: string }>(
      "SELECT id, title FROM papers WHERE NOT hidden ORDER BY md5(id) LIMIT 20",
    )
  ).rows;
  const similarSamples: number[] = [];
  for (const { id, title } of papers) {
    index.similar(id, title, 5);
    for (let run = 0; run < 3; run++)
      similarSamples.push((await timeIt(() => index.similar(id, title, 5))).ms);
  }
  // Plain MiniSearch last, so that its heap does not weigh on the other engines' figures.
  log(`${name}: building plain MiniSearch over the same papers, for comparison`);
  await settle();
  const beforeMini = process.memoryUsage().heapUsed;
  const mini = await timeIt(() => buildMiniSearchBaseline());
  await settle();
  const minisearch = { buildSeconds: secs(mini.ms), heapMB: mb(process.memoryUsage().heapUsed - beforeMini) };
  log(
    `${name}: plain MiniSearch built in ${minisearch.buildSeconds} s, heap +${minisearch.heapMB} MB; queries`,
  );
  measureBaseline(index, mini.value, mix, measured);
  return {
    index: indexReport,
    minisearch,
    snapshotBytes: save.value.bytes,
    saveSeconds: secs(save.ms),
    typoRecall,
    ...measured,
    suggestMs: latency(suggestSamples),
    similarMs: latency(similarSamples),
  };
}

/**
 * Typo recall at 3: titles drawn in a fixed order (md5 of the id), each with
 * one edit (a swap of neighbouring letters, a dropped letter, a doubled
 * letter, in turn, in a word long enough to have a typo budget), searched as
 * typed: is the paper among the first three? Each search is timed once,
 * after an untimed run.
 */
async function measureTypoRecall(index: PaperSearchIndex, client: pg.Client): Promise<TypoRecall> {
  const rows = (
    await client.query<{ id: string; title: string }>(
      "SELECT id, title FROM papers WHERE NOT hidden ORDER BY md5(id) LIMIT $1",
      [TYPO_SAMPLE * 3],
    )
  ).rows;
  const random = seeded(42);
  const samples: number[] = [];
  const misses: string[] = [];
  let found = 0;
  for (const row of rows) {
    if (samples.length >= TYPO_SAMPLE) break;
    const q = misspell(row.title, EDITS[samples.length % EDITS.length]!, random);
    if (!q) continue;
    index.search({ q, limit: 3 });
    const started = performance.now();
    const result = index.search({ q, limit: 3 });
    samples.push(performance.now() - started);
    if (result.hits.some((h) => h.id === row.id)) found++;
    else if (misses.length < 10) misses.push(`${q} (${row.id})`);
  }
  return {
    sample: samples.length,
    recallAt3: round(found / Math.max(1, samples.length), 3),
    latency: latency(samples),
    misses,
  };
}

/** Runs of the snapshot load and the restart; the median is reported. */
const LOAD_RUNS = 3;
const medianOf = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

async function measureSnapshotLoad(snapshotDir: string): Promise<{ seconds: number }> {
  const times: number[] = [];
  for (let run = 0; run < LOAD_RUNS; run++) {
    await settle();
    const load = await timeIt(() => loadSnapshot(snapshotDir));
    if (!load.value.ok) throw new Error(`the snapshot did not load: ${load.value.reason}`);
    times.push(load.ms);
  }
  return { seconds: secs(medianOf(times)) };
}

/**
 * The V8 heap and the array buffers outside it: the posting lists and the
 * result cards' text are typed arrays and Buffers, which heapUsed leaves out.
 */
function heldBytes(usage: NodeJS.MemoryUsage): number {
  return usage.heapUsed + usage.arrayBuffers;
}

/** A restart: a new index warmed from the snapshot against the unchanged database, as a new process would. */
async function measureRestart(snapshotDir: string): Promise<{ seconds: number; heapMB: number }> {
  const times: number[] = [];
  const heaps: number[] = [];
  for (let run = 0; run < LOAD_RUNS; run++) {
    await settle();
    const baseline = heldBytes(process.memoryUsage());
    const index = new PaperSearchIndex();
    const restart = await timeIt(() => warmSearchIndex(index, { snapshotDir }));
    if (restart.value.source !== "snapshot")
      throw new Error(`the restart did not use the snapshot: ${restart.value.snapshotRefused}`);
    await settle();
    times.push(restart.ms);
    heaps.push(heldBytes(process.memoryUsage()) - baseline);
    index.adopt(new PostingIndex(), null); // let this run's index go before the next
  }
  return { seconds: secs(medianOf(times)), heapMB: mb(medianOf(heaps)) };
}

async function machine(client: pg.Client) {
  const version = await client.query<{ server_version: string }>("SHOW server_version");
  const cpus = os.cpus();
  const minisearch = JSON.parse(
    await fs.readFile(path.join(root, "node_modules/minisearch/package.json"), "utf8"),
  ) as { version: string };
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? "?",
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: version.rows[0]?.server_version ?? "?",
    minisearch: minisearch.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((n) => round(n, 1)),
  };
}

type Target = { what: string; target: string; measured: string; met: boolean; by: string; close: string };

function targets(big: CorpusReport): Target[] {
  const ms = big.latency.index;
  const memory = Math.max(big.index.heapMB, big.snapshot.heapAfterLoadMB);
  const ratio = (value: number, limit: number) =>
    value <= limit ? `${round(limit / value, 1)}x under` : `${round(value / limit, 1)}x over`;
  const byKind = Object.entries(ms.byKind).sort((x, y) => y[1].p95 - x[1].p95);
  const typo = ms.byKind["typo"];
  const slowest = byKind[0] ? `${byKind[0][0]} (p95 ${fmt(byKind[0][1].p95)} ms)` : "?";
  return [
    {
      what: "search p50",
      target: "<= 2 ms",
      measured: `${fmt(ms.p50)} ms`,
      met: ms.p50 <= 2,
      by: ratio(ms.p50, 2),
      close: `The slowest kind is ${slowest}. Each query walks the posting lists of its rarest word and probes the rest; what is left is the walk itself over words found in tens of thousands of papers. Keeping each list's best-scoring postings first (impact ordering) would let a top-20 search stop early.`,
    },
    {
      what: "search p95",
      target: "<= 10 ms",
      measured: `${fmt(ms.p95)} ms`,
      met: ms.p95 <= 10,
      by: ratio(ms.p95, 10),
      close: `The tail is ${slowest}. The typo pass asks the term tree for each word within its budget (and for each swapped form), and a short prefix expands to hundreds of words; caching the expansions of the words being typed, or a trigram index over the term list for the typo pass, would close it.`,
    },
    {
      what: "typo queries p95",
      target: "<= 10 ms",
      measured: `${fmt(typo?.p95 ?? NaN)} ms`,
      met: (typo?.p95 ?? Infinity) <= 10,
      by: ratio(typo?.p95 ?? NaN, 10),
      close:
        "Each respelled word costs a walk of the term tree per swapped form; a symmetric-delete dictionary (SymSpell) of the rare words would answer from a hash lookup.",
    },
    {
      what: "typo recall at 3 (one-edit titles)",
      target: ">= 95%",
      measured: `${round(big.typoRecall.recallAt3 * 100, 1)}% of ${big.typoRecall.sample}`,
      met: big.typoRecall.recallAt3 >= 0.95,
      by: `${round(big.typoRecall.recallAt3 * 100 - 95, 1)} points ${big.typoRecall.recallAt3 >= 0.95 ? "over" : "under"}`,
      close: `Misses (first few): ${big.typoRecall.misses.slice(0, 3).join("; ")}.`,
    },
    {
      what: "restart from snapshot",
      target: "<= 3 s",
      measured: `${big.snapshot.restartSeconds} s`,
      met: big.snapshot.restartSeconds <= 3,
      by: ratio(big.snapshot.restartSeconds, 3),
      close:
        "Loading is a read, a digest and one copy per array; what remains is inserting every term into the radix tree used for prefixes and typos. A term list kept sorted on disk, with the tree built after the index is ready, would take that off the start.",
    },
    {
      what: "index memory",
      target: "<= 300 MB",
      measured: `${memory} MB`,
      met: memory <= 300,
      by: ratio(memory, 300),
      close:
        "The postings take 5 bytes each; delta-encoding the document numbers (variable-length bytes) would halve them, at some cost in search speed.",
    },
  ];
}

function renderMarkdown(report: {
  generatedAt: string;
  machine: Awaited<ReturnType<typeof machine>>;
  loadAverageAtEnd: number[];
  corpora: CorpusReport[];
  targets: Target[];
  mix: QueryMix;
}): string {
  const m = report.machine;
  const lines: string[] = [];
  const row = (cells: (string | number)[]) => lines.push(`| ${cells.join(" | ")} |`);
  lines.push("# Search benchmark", "");
  lines.push(
    `Generated by \`npm run bench:search\` (tests/bench/search.ts) on ${report.generatedAt.slice(0, 10)}. Do not edit by hand: run it again.`,
    "",
  );
  lines.push(
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGB} GB memory, ${m.os}; Node ${m.node}; Postgres ${m.postgres}; MiniSearch ${m.minisearch}. Load average (1, 5, 15 min) ${m.loadAverageAtStart.join(", ")} at the start and ${report.loadAverageAtEnd.join(", ")} at the end: a shared machine, so read the figures as orders of magnitude.`,
    "",
  );
  lines.push(
    "Each query of the fixed mix (tests/bench/queries.json: six each of rare words, common words, several words, a prefix being typed, a typo, a quoted phrase) ran once untimed, then " +
      REPEATS +
      " times timed, for Paperboy's index, then Postgres FTS, then ILIKE; plain MiniSearch was built and measured afterwards, so that its heap did not weigh on the others. Paperboy's index is `PaperSearchIndex.search` as the app calls it (parse, search, typo pass when needed, sort, top 20): typed-array posting lists (lib/search/posting-index.ts) ranked as MiniSearch ranks. Plain MiniSearch is MiniSearch 7 with the same options over the same papers, searched the same way: what the app used before, for comparison (same papers: the same count and the same top 20). Postgres full-text search is a stored weighted tsvector (title A, abstract B, authors and organization C) with a GIN index, `ts_rank`, top 20, all words required and the word being typed as a prefix. ILIKE requires every word in title or abstract, most upvoted first, top 20. Postgres times include the round trip from Node.",
    "",
  );

  lines.push("## Targets (the 82k corpus)", "");
  row(["", "target", "measured", "", "what would close it"]);
  row(["---", "---", "---", "---", "---"]);
  for (const t of report.targets)
    row([
      t.what,
      t.target,
      t.measured,
      t.met ? `met (${t.by})` : `**missed: ${t.by}**`,
      t.met ? "" : t.close,
    ]);
  lines.push("");

  lines.push("## Index", "");
  row([
    "corpus",
    "papers",
    "build",
    "heap after build",
    "process RSS",
    "terms",
    "postings",
    "snapshot",
    "save",
    "load",
    "restart to ready",
    "heap after load",
    "plain MiniSearch: build",
    "plain MiniSearch: heap",
  ]);
  row([
    "---",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
  ]);
  for (const c of report.corpora) {
    row([
      c.name,
      c.papers,
      `${c.index.buildSeconds} s`,
      `${c.index.heapMB} MB`,
      `${c.index.rssMB} MB`,
      c.index.terms,
      c.index.postings,
      `${mb(c.snapshot.bytes)} MB`,
      `${c.snapshot.saveSeconds} s`,
      `${c.snapshot.loadSeconds} s`,
      `${c.snapshot.restartSeconds} s`,
      `${c.snapshot.heapAfterLoadMB} MB`,
      `${c.minisearch.buildSeconds} s`,
      `${c.minisearch.heapMB} MB`,
    ]);
  }
  lines.push(
    "",
    "Build reads the papers from Postgres in pages of 1,000 and yields to the event loop every 200. Load and restart to ready are medians of " +
      LOAD_RUNS +
      " runs; build and save are one run each. Restart to ready is a new index warmed from the snapshot against the unchanged database (load, check the watermark). Heap figures are the growth of the V8 heap plus array buffers (the posting lists and the result cards' text live in typed arrays and Buffers, outside the V8 heap) after a full collection; the build figure can come out low when garbage left by the import is collected during the build, so the memory target is read against the larger of the two.",
    "",
  );

  lines.push("## Search latency (ms)", "");
  row(["corpus", "engine", "p50", "p95", "p99", "max", "samples"]);
  row(["---", "---", "---:", "---:", "---:", "---:", "---:"]);
  const names: [EngineName, string][] = [
    ["index", "Paperboy's index"],
    ["minisearch", "plain MiniSearch"],
    ["postgresFts", "Postgres FTS"],
    ["ilike", "ILIKE"],
  ];
  for (const c of report.corpora) {
    for (const [key, label] of names) {
      const l = c.latency[key];
      row([c.name, label, fmt(l.p50), fmt(l.p95), fmt(l.p99), fmt(l.max), l.samples]);
    }
    for (const [label, l] of [
      ["Paperboy's suggest (the prefixes)", c.suggestMs],
      ["Paperboy's similar papers", c.similarMs],
    ] as const) {
      row([c.name, label, fmt(l.p50), fmt(l.p95), fmt(l.p99), fmt(l.max), l.samples]);
    }
  }
  lines.push("");

  lines.push("### Typo recall at 3", "");
  lines.push(
    `Titles drawn in a fixed order, each with one edit (neighbouring letters swapped, a letter dropped, a letter doubled, in turn), searched as typed; recall is the share whose paper came back in the first three.`,
    "",
  );
  row(["corpus", "one-edit titles", "recall at 3", "p50 (ms)", "p95 (ms)", "max (ms)"]);
  row(["---", "---:", "---:", "---:", "---:", "---:"]);
  for (const c of report.corpora)
    row([
      c.name,
      c.typoRecall.sample,
      `${round(c.typoRecall.recallAt3 * 100, 1)}%`,
      fmt(c.typoRecall.latency.p50),
      fmt(c.typoRecall.latency.p95),
      fmt(c.typoRecall.latency.max),
    ]);
  lines.push("");
  for (const c of report.corpora)
    if (c.typoRecall.misses.length)
      lines.push(
        `Misses on ${c.name} (first ${c.typoRecall.misses.length}): ${c.typoRecall.misses.map((m) => `\`${m}\``).join(", ")}.`,
        "",
      );

  lines.push("### By kind of query: p50 / p95 (ms)", "");
  const kinds = Object.keys(report.mix.kinds);
  row(["corpus", "engine", ...kinds]);
  row(["---", "---", ...kinds.map(() => "---:")]);
  for (const c of report.corpora) {
    for (const [key, label] of names)
      row([
        c.name,
        label,
        ...kinds.map(
          (k) =>
            `${fmt(c.latency[key].byKind[k]?.p50 ?? NaN)} / ${fmt(c.latency[key].byKind[k]?.p95 ?? NaN)}`,
        ),
      ]);
  }
  lines.push("");

  lines.push("### Each query: p50 (ms) and papers found", "");
  row([
    "corpus",
    "kind",
    "query",
    "Paperboy",
    "found (top 20 of)",
    "MiniSearch",
    "same papers",
    "FTS",
    "FTS found",
    "ILIKE",
    "ILIKE found",
  ]);
  row(["---", "---", "---", "---:", "---:", "---:", "---", "---:", "---:", "---:", "---:"]);
  for (const c of report.corpora) {
    for (const q of c.queries) {
      row([
        c.name,
        q.kind,
        `\`${q.q}\``,
        fmt(q.p50.index),
        `${q.hits.index} of ${q.indexTotal}${q.typoTolerant ? " (typo pass)" : ""}`,
        fmt(q.p50.minisearch),
        q.minisearchAgrees ? "yes" : "no",
        fmt(q.p50.postgresFts),
        q.hits.postgresFts,
        fmt(q.p50.ilike),
        q.hits.ilike,
      ]);
    }
  }
  lines.push("");
  lines.push(
    "Postgres has no typo tolerance, so typo queries find nothing there (or only papers with the same typo); ILIKE matches substrings, so it finds more than word search for short terms. Plain MiniSearch has none of Paperboy's own rules (Damerau-Levenshtein typo budgets, quoted phrases, papers with most words when too few have all, words side by side first, surnames among stop words), so it finds other papers wherever one of them applies.",
    "",
  );
  return lines.join("\n");
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.tmp`;
  await fs.writeFile(temp, content);
  await fs.rename(temp, file);
}

async function main(): Promise<void> {
  if (!existsSync(hfDir) || !existsSync(arxivFile)) {
    console.log(
      `Search benchmark skipped: ${dataDir} is missing (it needs hf-daily-papers/ and arxiv-75k.jsonl.gz).`,
    );
    return;
  }
  if (!gc)
    log("note: run with --expose-gc (npm run bench:search does) for memory figures after a collection");
  const mix = JSON.parse(
    await fs.readFile(path.join(import.meta.dirname, "queries.json"), "utf8"),
  ) as QueryMix;
  const snapshotRoot = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-bench-search-"));
  let database: TestDatabase | null = null;
  try {
    database = await createTestDatabase("paperboy_bench");
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const info = await machine(sql);
    log(
      `machine: ${info.cores} cores, ${info.memoryGB} GB, Node ${info.node}, Postgres ${info.postgres}, load ${info.loadAverageAtStart.join(" ")}`,
    );

    const corpora: CorpusReport[] = [];
    log("importing the Daily Papers set");
    const hf = await timeIt(() => importFiles([hfDir]));
    const count = async () =>
      Number(
        (await sql.query<{ n: string }>("SELECT count(*) AS n FROM papers WHERE NOT hidden")).rows[0]?.n ?? 0,
      );
    corpora.push(
      await measureCorpus(
        "Daily Papers",
        await count(),
        secs(hf.ms),
        sql,
        mix,
        path.join(snapshotRoot, "daily"),
      ),
    );

    log("importing 75k arXiv listings on top");
    const arxiv = await timeIt(() => importFiles([arxivFile]));
    corpora.push(
      await measureCorpus(
        "Daily Papers + arXiv",
        await count(),
        secs(hf.ms + arxiv.ms),
        sql,
        mix,
        path.join(snapshotRoot, "all"),
      ),
    );
    await sql.end();

    const report = {
      generatedAt: new Date().toISOString(),
      machine: info,
      loadAverageAtEnd: os.loadavg().map((n) => round(n, 1)),
      corpora,
      targets: targets(corpora.at(-1)!),
      mix,
    };
    await fs.mkdir(path.join(root, "docs"), { recursive: true });
    await writeAtomically(path.join(root, "docs/bench-search.json"), `${JSON.stringify(report, null, 2)}\n`);
    await writeAtomically(path.join(root, "docs/BENCHMARKS-search.md"), renderMarkdown(report));
    console.log(renderMarkdown(report).split("## Index")[0]);
    console.log("Wrote docs/BENCHMARKS-search.md and docs/bench-search.json");
  } finally {
    await database?.drop();
    await fs.rm(snapshotRoot, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
