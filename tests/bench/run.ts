// npm run bench: one command, one report (docs/BENCHMARKS.md, docs/benchmarks.json).
// Loads the real data (../shared/data: the Daily Papers set and 75k arXiv
// listings, about 82k papers) into a fresh database and measures a production
// build (next build + the server npm start runs) on this machine.
// BENCH_SMOKE=1 checks the bench itself in a few minutes: the Daily Papers set
// alone, one short run of each figure, no digest, search or resilience
// sections, and the report written to the temp directory instead of docs/.
import { setTimeout as sleep } from "node:timers/promises";
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import http from "node:http";
import { createGunzip, createGzip, gzipSync } from "node:zlib";
import pg from "pg";
import { ensureBuilt, freePort } from "../helpers/app-server";
import { formatIsoWeek, isoWeekOf, type IsoDate } from "@/lib/papers/dates";
import { loadTest, type LoadResult } from "./http-load";
import {
  BENCH_SERVER_URL,
  createScratchDatabase,
  hasSharedData,
  log,
  machine,
  median,
  runTimed,
  SHARED_DATA,
  tsxNode,
} from "./support";

type Report = Record<string, unknown>;
const report: Report = { date: new Date().toISOString() };
const cleanups: (() => Promise<void>)[] = [];

function importFigures(run: { stdout: string; ms: number }) {
  const n = (label: string) => Number(new RegExp(`${label}\\s+(\\d+)`).exec(run.stdout)?.[1] ?? NaN);
  const papers = n("inserted") + n("updated");
  return {
    read: n("read"),
    inserted: n("inserted"),
    updated: n("updated"),
    invalid: n("invalid"),
    seconds: +(run.ms / 1000).toFixed(1),
    papersPerSecond: Math.round(papers / (run.ms / 1000)),
    peakMemoryMB: Number(/Peak memory (\d+) MB/.exec(run.stdout)?.[1] ?? NaN),
  };
}

const SMOKE = !!process.env.BENCH_SMOKE;
/** Runs of each figure that is not a load test (those repeat inside loadTest). */
const RUNS = SMOKE ? 1 : 3;
/** Load-test length: BENCH_QUICK and BENCH_SMOKE shorten it. */
const LOAD = SMOKE ? { runs: 1, seconds: 4 } : process.env.BENCH_QUICK ? { runs: 1, seconds: 3 } : {};
const OUT_DIR = SMOKE ? path.join(os.tmpdir(), "paperboy-bench-smoke") : "docs";
/** Server processes for the side-by-side rows: npm start's default, one per core. */
const CORES = os.availableParallelism();

/** The file into `runs` empty databases; the run with the median papers/s, and every run's papers/s. */
async function medianImport(file: string, runs = RUNS) {
  const results: ReturnType<typeof importFigures>[] = [];
  for (let run = 0; run < runs; run++) {
    const scratch = await createScratchDatabase("paperboy_bench_import");
    try {
      results.push(await importInto(scratch.url, file));
    } finally {
      await scratch.drop();
    }
  }
  const sorted = [...results].sort((a, b) => a.papersPerSecond - b.papersPerSecond);
  return {
    ...sorted[Math.floor((sorted.length - 1) / 2)]!,
    runs,
    papersPerSecondEachRun: results.map((r) => r.papersPerSecond),
  };
}

async function importInto(url: string, ...files: string[]) {
  const run = await runTimed(process.execPath, tsxNode("lib/cli/import.ts", ...files), {
    ...process.env,
    DATABASE_URL: url,
  });
  if (run.code !== 0) throw new Error(`import failed:\n${run.stdout}\n${run.stderr}`);
  return importFigures(run);
}

/** The arXiv file twice over (ids shifted so none repeats): does import memory stay flat as the file grows? */
async function doubledArxivFile(): Promise<string> {
  const file = path.join(os.tmpdir(), "paperboy-bench-arxiv-2x.jsonl.gz");
  const out = createGzip();
  out.pipe(createWriteStream(file));
  for (const shift of [0, 1]) {
    const lines = readline.createInterface({
      input: createReadStream(`${SHARED_DATA}/arxiv-75k.jsonl.gz`).pipe(createGunzip()),
    });
    for await (const line of lines) {
      out.write(
        shift
          ? line.replace(/"id": ?"(\d)/, (_m, d: string) => `"id": "${(Number(d) + 5) % 10}`) + "\n"
          : line + "\n",
      );
    }
  }
  out.end();
  await new Promise((r) => out.on("end", r));
  await sleep(200);
  return file;
}

type StartedServer = {
  child: ChildProcess;
  firstPageMs: number;
  searchReadyMs: number | null;
  output: () => string;
};

async function startServer(
  databaseUrl: string,
  port: number,
  dataDir: string,
  processes = 1,
): Promise<StartedServer> {
  const started = performance.now();
  const child = spawn(process.execPath, tsxNode("lib/cli/start.ts"), {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      PAPERBOY_DATA_DIR: dataDir,
      NODE_ENV: "production",
      NEXTAUTH_SECRET: "bench-secret-0123456789-0123456789-0123",
      MAIL_LINK_SECRET: "bench-mail-link-secret-0123456789-0123",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      PAPERBOY_IMPORT_SAMPLE: "false",
      // A benchmark never reaches the network: no scheduled fetch.
      FETCH_CRON: "off",
      // One process unless a row compares several (the rows before WEB_CONCURRENCY were one).
      WEB_CONCURRENCY: String(processes),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  let firstPageMs = NaN;
  let searchReadyMs: number | null = null;
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    if (Number.isNaN(firstPageMs)) {
      const ok = await fetch(`http://127.0.0.1:${port}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) firstPageMs = performance.now() - started;
    }
    if (!Number.isNaN(firstPageMs)) {
      // Each process has its index: ask on new connections, which the cluster deals round-robin.
      const statuses = await Promise.all(
        Array.from({ length: processes * 2 }, () =>
          getRaw(`http://127.0.0.1:${port}/api/search/status`, {}).then(
            (r) => (r.status === 200 ? (JSON.parse(r.body.toString()) as { status?: string }) : null),
            () => null,
          ),
        ),
      );
      if (statuses.every((st) => !st)) break; // no search endpoint in this build
      if (statuses.every((st) => st?.status === "ready")) {
        searchReadyMs = performance.now() - started;
        break;
      }
    }
    await sleep(50);
  }
  return { child, firstPageMs, searchReadyMs, output: () => output };
}

/** One GET on a connection of its own, the body as sent (not decompressed). */
function getRaw(url: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on("error", reject);
  });
}

/**
 * A reader with a real session (a row in sessions, as next-auth's database
 * strategy keeps it) who has voted for a few of the day's papers.
 */
async function createSignedInReader(databaseUrl: string, day: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const token = crypto.randomBytes(24).toString("hex");
    const id = `bench-reader-${token.slice(0, 8)}`;
    await client.query(`INSERT INTO users (id, name, email) VALUES ($1, 'Bench Reader', $2)`, [
      id,
      `${id}@example.org`,
    ]);
    await client.query(
      `INSERT INTO sessions (session_token, user_id, expires) VALUES ($1, $2, now() + interval '1 day')`,
      [token, id],
    );
    await client.query(
      `INSERT INTO votes (user_id, paper_id) SELECT $1, id FROM papers WHERE feed_date = $2::date ORDER BY upvotes DESC LIMIT 3`,
      [id, day],
    );
    return `next-auth.session-token=${token}`;
  } finally {
    await client.end();
  }
}

/**
 * Searches no earlier request made, so no cache can answer them: pairs of
 * adjacent words from titles ("diffusion transformers"), as readers type
 * what they have seen, each once. Random pairs of words would mostly match
 * nothing and take the typo and fallback passes every time, which is not
 * what readers send.
 */
async function distinctSearches(databaseUrl: string): Promise<{ next: () => string; count: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const rows = (await client.query<{ title: string }>(`SELECT title FROM papers ORDER BY id LIMIT 30000`))
    .rows;
  await client.end();
  const queries = new Set<string>();
  for (const { title } of rows) {
    const words = title
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 4);
    for (let i = 1; i < words.length; i++) queries.add(`${words[i - 1]!} ${words[i]!}`);
  }
  const list = [...queries];
  let i = 0;
  // Past the end of the list (a very fast server), a page number keeps each request new.
  const next = () => {
    const n = i++;
    const page = Math.floor(n / list.length);
    return `/api/search?q=${encodeURIComponent(list[n % list.length]!)}${page ? `&p=${page + 1}` : ""}`;
  };
  return { next, count: list.length };
}

/** The server's own time for /api/search requests logged in `log` (its request lines): median and p99. */
function serverSearchTimes(log: string): { median: number; p99: number; samples: number } | null {
  const times = [...log.matchAll(/path=\/api\/search status=200 durationMs=([\d.]+)/g)].map((m) =>
    Number(m[1]),
  );
  if (!times.length) return null;
  const sorted = times.sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!,
    samples: sorted.length,
  };
}

type PageWeight = {
  path: string;
  papers: number;
  htmlBytes: number;
  gzipBytes: number;
  /** Next's RSC payload inlined in the HTML (self.__next_f.push scripts). */
  rscInlineBytes: number;
  rscInlineGzipBytes: number;
  markupGzipBytes: number;
  /** What a client-side navigation to the page downloads (RSC: 1). */
  rscNavigationBytes: number;
  rscNavigationGzipBytes: number;
};

/** Where a page's bytes go: the HTML, and in it Next's RSC payload, uncompressed and gzipped. */
async function pageWeight(
  base: string,
  pagePath: string,
  headers: Record<string, string> = {},
): Promise<PageWeight> {
  const plain = await getRaw(base + pagePath, { ...headers, "accept-encoding": "identity" });
  const wire = await getRaw(base + pagePath, { ...headers, "accept-encoding": "gzip" });
  // fetch, as the browser's router asks (a bare request with RSC: 1 is redirected); gzipped here, as the server would.
  const rsc = Buffer.from(
    await (await fetch(base + pagePath, { headers: { ...headers, RSC: "1" } })).arrayBuffer(),
  );
  const html = plain.body.toString("utf8");
  const scripts = [...html.matchAll(/<script[^>]*>self\.__next_f\.push\(.*?\)<\/script>/gs)].map((m) => m[0]);
  const inline = scripts.join("");
  const markup = scripts.reduce((rest, script) => rest.replace(script, ""), html);
  return {
    path: pagePath,
    // In the markup only: the RSC payload names the attribute again for each card.
    papers: (markup.match(/\sdata-paper-card[\s=>]/g) ?? []).length,
    htmlBytes: plain.body.length,
    gzipBytes: wire.body.length,
    rscInlineBytes: Buffer.byteLength(inline),
    rscInlineGzipBytes: gzipSync(inline).length,
    markupGzipBytes: gzipSync(markup).length,
    rscNavigationBytes: rsc.length,
    rscNavigationGzipBytes: gzipSync(rsc).length,
  };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

async function sampleUrls(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const day = (
    await client.query<{ d: string; n: number }>(
      `SELECT to_char(feed_date, 'YYYY-MM-DD') AS d, count(*)::int AS n FROM papers WHERE org_handle IS NOT NULL OR source_upvotes IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT 1`,
    )
  ).rows[0]!;
  const paper = (
    await client.query<{ id: string }>(
      `SELECT id FROM papers WHERE feed_date = $1::date ORDER BY upvotes DESC LIMIT 1`,
      [day.d],
    )
  ).rows[0]!;
  // The page-weight day: the latest with a full page of papers (FEED_PAGE_SIZE, 50).
  const full =
    (
      await client.query<{ d: string }>(
        `SELECT to_char(feed_date, 'YYYY-MM-DD') AS d FROM papers WHERE NOT hidden GROUP BY 1 HAVING count(*) >= 50 ORDER BY 1 DESC LIMIT 1`,
      )
    ).rows[0]?.d ?? day.d;
  const dayPapers = (
    await client.query<{ id: string }>(
      `SELECT id FROM papers WHERE feed_date = $1::date AND NOT hidden ORDER BY upvotes DESC, id LIMIT 50`,
      [day.d],
    )
  ).rows.map((r) => r.id);
  await client.end();
  return {
    day: day.d,
    week: formatIsoWeek(isoWeekOf(day.d as IsoDate)),
    paper: paper.id,
    fullDay: full,
    dayPapers,
  };
}

function formatLoad(name: string, r: LoadResult, reference: LoadResult): string {
  return `| ${name} | ${r.rps} | ${(r.rps / reference.rps).toFixed(2)} | ${r.p50} | ${r.p99} | ${Math.round(r.bytesPerRequest / 1024)} KB | ${r.non2xx + r.errors} |`;
}

/** The issues' targets for the HTTP figures, each met or missed by how much. */
function httpTargets(
  http: Record<string, LoadResult>,
  reference: LoadResult,
  serverSearch: Record<"underLoad" | "oneAtATime", ReturnType<typeof serverSearchTimes>> | undefined,
): string[] {
  const find = (prefix: string) => Object.entries(http).find(([name]) => name.startsWith(prefix));
  const lines = ["| target | measured | | what would close it |", "|---|---|---|---|"];
  const staticP99 = reference.p99;
  const closeLatency = `The static file served by the same server has a p99 of ${staticP99} ms here: with 50 connections, the server's one thread and the load generator share 2 cores, and a cached page is a copy of bytes. More server processes (WEB_CONCURRENCY, the side-by-side table below), or cached pages and static files served in front of Node, would close it.`;
  const closeSearch =
    "Every request here searches and cuts highlighted snippets from the cards in memory (no Postgres, and not through Next: lib/server/search-answer.ts), on one thread that shares 2 cores with the load generator. What is left is queueing behind the other 19 connections: more server processes (the side-by-side table below) on a machine whose load generator is elsewhere.";
  const verdict = (met: boolean, by: string) => (met ? "met" : `**missed by ${by}**`);
  // A row where no request finished in its runs has no latency to judge.
  for (const [name, r] of Object.entries(http))
    if (r.rps === 0) lines.push(`| ${name} | no request finished within a run | **not measured** | |`);
  for (const prefix of ["day page /papers/date/", "paper page /papers/"]) {
    const found = find(prefix);
    if (!found) continue;
    const [name, r] = found;
    const ratio = r.rps / reference.rps;
    const what = name.split(" ").slice(0, 2).join(" ");
    lines.push(
      `| ${what}: at least half the static file's req/s | ${ratio.toFixed(2)} of it | ${verdict(ratio >= 0.5, (0.5 - ratio).toFixed(2))} | ${ratio >= 0.5 ? "" : closeLatency} |`,
      `| ${what}: p99 under 100 ms | ${r.p99} ms | ${verdict(r.p99 < 100, `${r.p99 - 100} ms`)} | ${r.p99 < 100 ? "" : closeLatency} |`,
    );
  }
  const signedOutDay = find("day page /papers/date/")?.[1];
  const signedOutPaper = find("paper page /papers/")?.[1];
  for (const [name, r] of Object.entries(http).filter(([n]) =>
    /^(day|paper) page, (signed in|bogus)/.test(n),
  )) {
    const signedOut = name.startsWith("paper") ? signedOutPaper : signedOutDay;
    if (!signedOut || r.rps === 0) continue;
    const ratio = r.rps / signedOut.rps;
    lines.push(
      `| ${name}: at least 0.8 of the signed-out req/s | ${ratio.toFixed(2)} of it | ${ratio >= 0.8 ? "met" : `**missed by ${(0.8 - ratio).toFixed(2)}**`} | ${ratio >= 0.8 ? "" : closeLatency} |`,
    );
    lines.push(
      `| ${name}: p99 under 100 ms | ${r.p99} ms | ${r.p99 < 100 ? "met" : `**missed by ${r.p99 - 100} ms**`} | ${r.p99 < 100 ? "" : closeLatency} |`,
    );
  }
  for (const [name, r] of Object.entries(http).filter(([n]) => n.startsWith("/api/search"))) {
    const what = name.includes("distinct")
      ? "distinct searches, 20 connections"
      : "search API (page cache on)";
    lines.push(
      `| ${what}: p99 under 50 ms | ${r.p99} ms | ${verdict(r.p99 < 50, `${r.p99 - 50} ms`)} | ${r.p99 < 50 ? "" : closeSearch} |`,
    );
  }
  const { underLoad, oneAtATime } = serverSearch ?? {};
  if (oneAtATime)
    lines.push(
      `| distinct searches: under 5 ms per search on the server at the median | ${oneAtATime.median} ms one at a time (p99 ${oneAtATime.p99} ms, ${oneAtATime.samples} searches)${underLoad ? `; ${underLoad.median} ms under the 20 connections above, most of it waiting behind the others on the one thread` : ""} (the server's request log: arrival to the last byte) | ${verdict(oneAtATime.median < 5, `${(oneAtATime.median - 5).toFixed(1)} ms`)} | ${oneAtATime.median < 5 ? "" : closeSearch} |`,
    );
  return lines;
}

async function main() {
  report.machine = await machine();
  log(`machine: ${JSON.stringify(report.machine)}`);
  if (!hasSharedData()) {
    log(
      `${SHARED_DATA} is missing: the benchmarks need the Daily Papers set and arxiv-75k.jsonl.gz. Nothing measured.`,
    );
    report.skipped = `${SHARED_DATA} missing`;
    return;
  }

  // 1. Import: each file into empty databases, RUNS times; the median run (by papers/s) is reported.
  const main = await createScratchDatabase("paperboy_bench");
  cleanups.push(() => main.drop());
  if (SMOKE) {
    log("smoke: the Daily Papers set alone, no import figures ...");
    await importInto(main.url, `${SHARED_DATA}/hf-daily-papers`);
  } else {
    log(`import: the Daily Papers set, then 75k arXiv listings, each into empty databases, ${RUNS} runs ...`);
    const hf = await medianImport(`${SHARED_DATA}/hf-daily-papers`);
    const arxiv = await medianImport(`${SHARED_DATA}/arxiv-75k.jsonl.gz`);
    log(`import: ${JSON.stringify({ hf, arxiv })}`);
    log("import: the arXiv file twice over into another empty database (memory as the file grows) ...");
    const doubled = await doubledArxivFile();
    const arxiv2x = await medianImport(doubled, 1);
    await fs.rm(doubled, { force: true });
    report.import = { hf, arxiv, arxiv2x };
    // The database the rest runs against: both files, as a reader's feed would hold them.
    await importInto(main.url, `${SHARED_DATA}/hf-daily-papers`);
    await importInto(main.url, `${SHARED_DATA}/arxiv-75k.jsonl.gz`);
  }
  // Before any server starts: the reader's votes move the feed's version.
  const urls = await sampleUrls(main.url);
  const reader = { cookie: await createSignedInReader(main.url, urls.day) };
  const searches = await distinctSearches(main.url);

  // 2. Start-up, RUNS times each: with no search snapshot (it is built), and with the snapshot the first start wrote.
  await fs.writeFile("public/bench-static.txt", "x".repeat(20 * 1024));
  cleanups.push(() => fs.rm("public/bench-static.txt", { force: true }));
  log("build ...");
  await ensureBuilt();
  const port = await freePort();
  // A data directory of its own: the search snapshot of this database only.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-bench-data-"));
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  const snapshot = path.join(dataDir, "search/papers-index.snapshot");
  const colds: Awaited<ReturnType<typeof startServer>>[] = [];
  for (let run = 0; run < RUNS; run++) {
    await fs.rm(path.join(dataDir, "search"), { recursive: true, force: true });
    const cold = await startServer(main.url, port, dataDir);
    // The first start writes the snapshot once search is ready; the restarts are measured with it in place.
    for (const until = Date.now() + 60_000; Date.now() < until;) {
      if (
        await fs.stat(snapshot).then(
          () => true,
          () => false,
        )
      )
        break;
      await sleep(100);
    }
    await stopServer(cold.child);
    colds.push(cold);
  }
  const warms: Awaited<ReturnType<typeof startServer>>[] = [];
  for (let run = 0; run < RUNS; run++) {
    const warm = await startServer(main.url, port, dataDir);
    if (run < RUNS - 1) await stopServer(warm.child);
    warms.push(warm);
  }
  const warm = warms.at(-1)!;
  cleanups.push(() => stopServer(warm.child));
  const ms = (values: (number | null)[]) =>
    values.some((v) => v === null || Number.isNaN(v)) ? null : Math.round(median(values as number[]));
  report.startup = {
    runs: RUNS,
    coldFirstPageMs: ms(colds.map((c) => c.firstPageMs)),
    coldSearchReadyMs: ms(colds.map((c) => c.searchReadyMs)),
    warmFirstPageMs: ms(warms.map((w) => w.firstPageMs)),
    warmSearchReadyMs: ms(warms.map((w) => w.searchReadyMs)),
  };
  log(`startup: ${JSON.stringify(report.startup)}`);

  // 3. HTTP under load
  const base = `http://127.0.0.1:${port}`;
  // Pages are the same for every reader, so the page cache answers a session cookie too; what is
  // personal comes from /api/me, asked once by each signed-in page after it loads.
  // A cookie that looks like a session but is none: what a reader signed out elsewhere sends.
  const bogus = { cookie: "next-auth.session-token=bench-not-a-session" };
  // The search API with bench:search's query mix, each connection cycling through it.
  const mix = JSON.parse(await fs.readFile("tests/bench/queries.json", "utf8")) as {
    kinds: Record<string, string[]>;
  };
  const searchRequests = Object.values(mix.kinds)
    .flat()
    .map((q) => ({ path: `/api/search?q=${encodeURIComponent(q)}` }));
  const nextSearch = searches.next;
  type Row = {
    name: string;
    path: string;
    headers?: Record<string, string>;
    requests?: { path: string }[];
    nextPath?: () => string;
    connections?: number;
  };
  const distinctName = "/api/search?q=, distinct searches (no two alike), 20 connections";
  const rows: Row[] = [
    { name: "static file (20 KB, public/)", path: "/bench-static.txt" },
    { name: "/ (latest day)", path: "/" },
    { name: `day page /papers/date/${urls.day}`, path: `/papers/date/${urls.day}` },
    { name: `week page /papers/week/${urls.week}`, path: `/papers/week/${urls.week}` },
    { name: `paper page /papers/${urls.paper}`, path: `/papers/${urls.paper}` },
    { name: `/api/daily_papers?date=${urls.day}`, path: `/api/daily_papers?date=${urls.day}` },
    {
      name: `/api/search?q= (the ${searchRequests.length} queries of bench:search in turn)`,
      path: searchRequests[0]!.path,
      requests: searchRequests,
    },
    { name: distinctName, path: "/api/search", nextPath: nextSearch, connections: 20 },
    {
      name: "day page, signed in (a session that has voted)",
      path: `/papers/date/${urls.day}`,
      headers: reader,
    },
    {
      name: "paper page, signed in (a session that has voted)",
      path: `/papers/${urls.paper}`,
      headers: reader,
    },
    { name: "day page, bogus session cookie", path: `/papers/date/${urls.day}`, headers: bogus },
    {
      name: `/api/me?papers= (the day's ${urls.dayPapers.length}), signed in: what each signed-in page asks once loaded`,
      path: `/api/me?papers=${urls.dayPapers.join(",")}`,
      headers: reader,
    },
  ];
  const measure = async (row: Row) =>
    loadTest(base + row.path, {
      headers: row.headers,
      requests: row.requests,
      nextPath: row.nextPath,
      connections: row.connections,
      ...LOAD,
    });
  const httpRows: Record<string, LoadResult> = {};
  let serverSearch: ReturnType<typeof serverSearchTimes> = null;
  for (const row of rows) {
    log(`load: ${row.name} ...`);
    const logged = warm.output().length;
    httpRows[row.name] = await measure(row);
    if (row.name === distinctName) serverSearch = serverSearchTimes(warm.output().slice(logged));
  }
  report.http = httpRows;
  // The server's own time for one search, with nothing queued beside it: distinct searches one at a time.
  const logged = warm.output().length;
  for (let i = 0; i < (SMOKE ? 50 : 300); i++)
    await getRaw(base + nextSearch(), { "accept-encoding": "gzip" });
  report.distinctSearchServerMs = {
    underLoad: serverSearch,
    oneAtATime: serverSearchTimes(warm.output().slice(logged)),
  };
  log(`distinct searches, server time: ${JSON.stringify(report.distinctSearchServerMs)}`);

  // Page weight: a day of 50 papers, signed out and signed in.
  report.pageWeight = [
    await pageWeight(base, `/papers/date/${urls.fullDay}`),
    await pageWeight(base, `/papers/date/${urls.fullDay}`, reader),
  ];
  log(`page weight: ${JSON.stringify(report.pageWeight)}`);
  await stopServer(warm.child);

  // 1 process against one per core, side by side in this run: the rows a second core should move.
  const sideBySide = [rows[0]!, rows[2]!, rows.find((r) => r.name === distinctName)!, rows[8]!];
  const processes: Record<string, Record<string, LoadResult>> = { "1": {} };
  for (const row of sideBySide) processes["1"]![row.name] = httpRows[row.name]!;
  if (CORES > 1) {
    log(`load: ${CORES} processes (WEB_CONCURRENCY=${CORES}) ...`);
    const several = await startServer(main.url, port, dataDir, CORES);
    processes[String(CORES)] = {};
    try {
      for (const row of sideBySide) {
        log(`load, ${CORES} processes: ${row.name} ...`);
        processes[String(CORES)]![row.name] = await measure(row);
      }
    } finally {
      await stopServer(several.child);
    }
  }
  report.processes = processes;

  if (SMOKE) return;
  // 4. Digest: 10,000 confirmed subscribers to a local SMTP sink, beside raw pooled nodemailer; RUNS runs of each, alternating.
  log(`digest: 10,000 subscribers, ${RUNS} runs ...`);
  type DigestRun = {
    subscribers: number;
    sent: number;
    failed: number;
    seconds: number;
    messagesPerSecond: number;
    serverReceived: number;
  };
  const digestRuns: DigestRun[] = [];
  const rawRuns: number[] = [];
  let digestError = "";
  for (let run = 0; run < RUNS; run++) {
    const digestRun = await runTimed(process.execPath, tsxNode("tests/bench/digest-throughput.ts", "10000"), {
      ...process.env,
      SMTP_MAX_CONNECTIONS: "20",
      DIGEST_CONCURRENCY: "40",
    });
    const line =
      /(\d+) subscribers: sent (\d+), failed (\d+) in ([\d.]+) s = (\d+) messages\/s \(server received (\d+)/.exec(
        digestRun.stdout,
      );
    if (!line) digestError = `${digestRun.stdout}\n${digestRun.stderr}`.slice(-2000);
    else
      digestRuns.push({
        subscribers: Number(line[1]),
        sent: Number(line[2]),
        failed: Number(line[3]),
        seconds: Number(line[4]),
        messagesPerSecond: Number(line[5]),
        serverReceived: Number(line[6]),
      });
    const smtpPort = await freePort();
    const sink = spawn(
      process.execPath,
      ["--import", "tsx", "tests/bench/counting-smtp-server.ts", String(smtpPort)],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    await new Promise((r) => sink.stdout.once("data", r));
    const rawRun = await runTimed(
      process.execPath,
      ["--import", "tsx", "tests/bench/raw-nodemailer.ts", "10000", String(smtpPort), "20"],
      process.env,
    );
    sink.kill();
    rawRuns.push(Number(/= (\d+) messages\/s/.exec(rawRun.stdout)?.[1] ?? NaN));
  }
  const medianDigest = [...digestRuns].sort((x, y) => x.messagesPerSecond - y.messagesPerSecond)[
    Math.floor((digestRuns.length - 1) / 2)
  ];
  report.digest =
    medianDigest && !digestError
      ? {
          ...medianDigest,
          runs: RUNS,
          messagesPerSecondEachRun: digestRuns.map((d) => d.messagesPerSecond),
          exactlyOneEachRun: digestRuns.every(
            (d) => d.sent === d.subscribers && d.serverReceived === d.subscribers && d.failed === 0,
          ),
          rawNodemailerPerSecond: median(rawRuns),
          rawNodemailerEachRun: rawRuns,
        }
      : { error: digestError || "no run finished" };
  log(`digest: ${JSON.stringify(report.digest)}`);

  // 5. Search: npm run bench:search's figures (BENCH_SKIP_SEARCH=1 reuses its last report).
  if (!process.env.BENCH_SKIP_SEARCH) {
    log("search: npm run bench:search ...");
    const searchRun = await runTimed(
      process.execPath,
      ["--conditions=react-server", "--expose-gc", "--import", "tsx", "tests/bench/search.ts"],
      process.env,
    );
    if (searchRun.code !== 0) log(`search bench failed:\n${searchRun.stderr.slice(-2000)}`);
  }
  report.search = JSON.parse(await fs.readFile("docs/bench-search.json", "utf8").catch(() => "null"));

  // 6. Resilience: the fault and hostile-input tests, with more generated cases than CI runs.
  const fuzzRuns = Number(process.env.BENCH_FUZZ_RUNS ?? 2000);
  log(`resilience: fault tests and ${fuzzRuns} generated cases per route ...`);
  const files = [
    "tests/e2e/fuzz-routes.test.ts",
    "tests/e2e/hostile-input.test.ts",
    "tests/e2e/database-outage.test.ts",
    "tests/e2e/two-instances.test.ts",
    "tests/integration/import-killed.test.ts",
    "tests/integration/digest-processes.test.ts",
    "tests/integration/digest-delivery.test.ts",
    "tests/unit/import-fuzz.test.ts",
  ];
  const resultsFile = path.join(os.tmpdir(), "paperboy-bench-resilience.json");
  const vitest = await runTimed(
    process.execPath,
    ["node_modules/vitest/vitest.mjs", "run", ...files, "--reporter=json", `--outputFile=${resultsFile}`],
    { ...process.env, FUZZ_RUNS: String(fuzzRuns) },
  );
  const results = JSON.parse(await fs.readFile(resultsFile, "utf8").catch(() => "{}")) as {
    numPassedTests?: number;
    numFailedTests?: number;
    testResults?: { name: string; assertionResults: { title: string; status: string }[] }[];
  };
  const routeCases = (results.testResults ?? [])
    .flatMap((f) => f.assertionResults)
    .filter((t) => /cases, no 5xx/.test(t.title));
  report.resilience = {
    passed: results.numPassedTests ?? 0,
    failed: results.numFailedTests ?? (vitest.code === 0 ? 0 : 1),
    generatedRouteRequests: routeCases.length * fuzzRuns,
    routesFuzzed: routeCases.length,
    importParserCases: 8000,
    tests: (results.testResults ?? []).flatMap((f) =>
      f.assertionResults.map(
        (t) => `${t.status === "passed" ? "passed" : "FAILED"}: ${path.basename(f.name)} > ${t.title}`,
      ),
    ),
  };
}

function markdown(): string {
  const m = report.machine as Record<string, string | number>;
  const lines = [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench\` on ${String(report.date).slice(0, 10)}. Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres}, ${m.os}; load average ${m.loadAverageAtStart} at the start. Figures are medians of 3 runs in this one run (each HTTP run lasts 8 s), unless a line says otherwise; the search figures are as the search section describes them; comparisons are ratios measured side by side. These machines are shared and noisy: read ratios and orders of magnitude.`,
    "",
  ];
  if (report.skipped)
    return [
      ...lines,
      `Not measured: ${typeof report.skipped === "string" ? report.skipped : "see the log"}.`,
      "",
    ].join("\n");
  if (report.import) lines.push(...importSection());
  lines.push(...restOfReport());
  return lines.join("\n");
}

function importSection(): string[] {
  const lines: string[] = [];
  const imp = report.import as Record<
    string,
    ReturnType<typeof importFigures> & { runs?: number; papersPerSecondEachRun?: number[] }
  >;
  const eachRun = (f: { papersPerSecondEachRun?: number[] }) =>
    f.papersPerSecondEachRun && f.papersPerSecondEachRun.length > 1
      ? ` (runs: ${f.papersPerSecondEachRun.join(", ")})`
      : "";
  lines.push(
    "## Import",
    "",
    "| file | papers read | written | seconds | papers/s | peak memory |",
    "|---|---|---|---|---|---|",
    `| Daily Papers set (479 files), empty database | ${imp.hf!.read} | ${imp.hf!.inserted + imp.hf!.updated} | ${imp.hf!.seconds} | ${imp.hf!.papersPerSecond}${eachRun(imp.hf!)} | ${imp.hf!.peakMemoryMB} MB |`,
    `| arxiv-75k.jsonl.gz, empty database | ${imp.arxiv!.read} | ${imp.arxiv!.inserted + imp.arxiv!.updated} | ${imp.arxiv!.seconds} | ${imp.arxiv!.papersPerSecond}${eachRun(imp.arxiv!)} | ${imp.arxiv!.peakMemoryMB} MB |`,
    `| the same file twice over (149k), empty database, one run | ${imp.arxiv2x!.read} | ${imp.arxiv2x!.inserted + imp.arxiv2x!.updated} | ${imp.arxiv2x!.seconds} | ${imp.arxiv2x!.papersPerSecond} | ${imp.arxiv2x!.peakMemoryMB} MB |`,
    "",
    `Target 5,000 papers/s: ${imp.arxiv!.papersPerSecond >= 5000 ? "met" : `missed by ${5000 - imp.arxiv!.papersPerSecond} papers/s`}. Peak memory as the file doubles: ${imp.arxiv!.peakMemoryMB} MB → ${imp.arxiv2x!.peakMemoryMB} MB (${(imp.arxiv2x!.peakMemoryMB / imp.arxiv!.peakMemoryMB).toFixed(2)}x for 2x the papers): the file is streamed and written in batches of 500, and the import keeps no state per paper, so this is the process's peak resident memory as V8 lets its heap grow between collections, not a copy of the file.`,
    "",
  );
  return lines;
}

function restOfReport(): string[] {
  const lines: string[] = [];
  const s = report.startup as Record<string, number | null>;
  lines.push(
    "## Start-up",
    "",
    `From launching the server (\`npm start\`'s launcher, migrations checked, build current) with 82k papers${s.runs ? `, median of ${s.runs} starts each` : ""}:`,
    "",
    "| | first feed page | search ready |",
    "|---|---|---|",
    `| first start (no search snapshot) | ${s.coldFirstPageMs} ms | ${s.coldSearchReadyMs ?? "n/a"} ms |`,
    `| restart (warm snapshot) | ${s.warmFirstPageMs} ms | ${s.warmSearchReadyMs ?? "n/a"} ms |`,
    "",
    `Target 5 s: ${(s.warmSearchReadyMs ?? s.warmFirstPageMs ?? Infinity) <= 5000 ? "met" : "missed"}.`,
    "",
  );
  const http = report.http as Record<string, LoadResult>;
  const reference = Object.values(http)[0]!;
  lines.push(
    "## HTTP under load",
    "",
    "autocannon on loopback, 50 connections (the distinct searches: 20, each request a pair of title words no earlier request asked), 3 runs of 8 s each, gzip accepted; the server runs one process (WEB_CONCURRENCY=1) here, and one per core in the side-by-side table below. Ratio: requests per second against the static file served by the same server. Signed in: a real session (a sessions row) whose reader has voted for three of the day's papers; the bogus cookie looks like a session and is none.",
    "",
    "| endpoint | req/s | ratio to static | p50 ms | p99 ms | size | errors + non-2xx |",
    "|---|---|---|---|---|---|---|",
    ...Object.entries(http).map(([name, r]) => formatLoad(name, r, reference)),
    "",
    ...httpTargets(http, reference, report.distinctSearchServerMs as Parameters<typeof httpTargets>[2]),
    "",
  );
  lines.push(...processesSection(), ...pageWeightSection());
  type DigestFigures = {
    subscribers: number;
    sent: number;
    failed: number;
    seconds: number;
    messagesPerSecond: number;
    serverReceived: number;
    rawNodemailerPerSecond: number;
    runs?: number;
    messagesPerSecondEachRun?: number[];
    exactlyOneEachRun?: boolean;
    rawNodemailerEachRun?: number[];
  };
  const digest = report.digest as DigestFigures | { error: string } | undefined;
  if (digest) lines.push("## Digest", "");
  if (!digest) {
    // Not measured in this run (BENCH_SMOKE).
  } else if ("error" in digest)
    lines.push(`Not measured: ${digest.error.split("\n").slice(-3).join(" ")}`, "");
  else {
    const d = digest;
    lines.push(
      `${d.subscribers.toLocaleString("en")} confirmed subscribers, one daily digest each, from the delivery engine (claim, render, send, record) to a counting SMTP server on loopback in its own process, 20 pooled connections, 40 messages in flight:`,
      "",
      "| | messages/s | ratio |",
      "|---|---|---|",
      `| Paperboy's digest | ${d.messagesPerSecond} | ${(d.messagesPerSecond / d.rawNodemailerPerSecond).toFixed(2)} |`,
      `| raw pooled nodemailer, same server, same connections, no database | ${d.rawNodemailerPerSecond} | 1.00 |`,
      "",
      `${d.runs ? `Median of ${d.runs} runs, alternating (digest: ${d.messagesPerSecondEachRun!.join(", ")}; raw: ${d.rawNodemailerEachRun!.join(", ")} messages/s). ` : ""}Median run: sent ${d.sent}, failed ${d.failed}, the server received ${d.serverReceived}: ${d.sent === d.subscribers && d.serverReceived === d.subscribers && d.exactlyOneEachRun !== false ? `exactly one message each${d.runs ? ", in every run" : ""}` : "NOT one each"}. Target 300 messages/s: ${d.messagesPerSecond >= 300 ? "met" : `missed by ${300 - d.messagesPerSecond}/s`}. A deployment's SMTP_RATE_PER_SECOND (default 200) caps it below this on purpose.`,
      "",
    );
  }
  const search = report.search as { corpora?: unknown } | null | undefined;
  if (search !== undefined)
    lines.push(
      "## Search",
      "",
      search
        ? "From `npm run bench:search` (full tables, query mix and the targets in `docs/BENCHMARKS-search.md`)."
        : "Not measured.",
      "",
    );
  if (search) {
    const md = existsSearchMarkdown;
    if (md) lines.push(md, "");
  }
  if (!report.resilience) return lines;
  const r = report.resilience as {
    passed: number;
    failed: number;
    generatedRouteRequests: number;
    routesFuzzed: number;
    importParserCases: number;
    tests: string[];
  };
  const zero = r.failed ? "not shown: see the failed tests" : "0";
  lines.push(
    "## Resilience",
    "",
    `The fault and hostile-input tests, run here with more generated cases than CI runs: ${r.passed} passed, ${r.failed} failed.`,
    "",
    "| what | count |",
    "|---|---|",
    `| generated requests to ${r.routesFuzzed} page and API routes (fast-check), answered 5xx or hung | ${r.generatedRouteRequests.toLocaleString("en")} tried, ${r.failed ? "see failures" : "0"} |`,
    `| generated import inputs (bytes, JSON arrays, records) | ${r.importParserCases.toLocaleString("en")} tried, 0 crashes |`,
    // Each zero below is what a test asserts; a failed test says which one did not hold.
    `| hostile imported titles/abstracts run as script (day, week, month, paper pages, in Chromium) | ${zero} |`,
    "| faults injected: Postgres stopped 10 s under traffic; an import SIGKILLed; a digest worker SIGKILLed; the SMTP server stopped after 50 of 200; a 5xx for one address; two digest workers at once; two app instances | 7 kinds |",
    `| requests during the Postgres outage answered other than a quick 503 | ${zero} |`,
    `| digest messages lost | ${zero} |`,
    `| digest messages duplicated, beyond those in flight at a SIGKILL (the one window the README names) | ${zero} |`,
    "",
    "<details><summary>The tests</summary>",
    "",
    ...r.tests.map((t) => `- ${t}`),
    "",
    "</details>",
    "",
  );
  return lines;
}

function processesSection(): string[] {
  const processes = report.processes as Record<string, Record<string, LoadResult>> | undefined;
  if (!processes) return [];
  const counts = Object.keys(processes);
  const names = Object.keys(processes["1"] ?? {});
  const lines = [
    "## One process against one per core",
    "",
    `The same server started with WEB_CONCURRENCY=1 (the rows above) and WEB_CONCURRENCY=${counts.at(-1)} (node:cluster workers, each with its own page cache and search index), measured in this run one after the other. The load generator runs on the same cores, so this is a floor for what a second core gives, not a ceiling.`,
    "",
    `| endpoint | ${counts.map((c) => `${c} process${c === "1" ? "" : "es"}: req/s, p50, p99 ms`).join(" | ")} | ratio |`,
    `|---|${counts.map(() => "---|").join("")}---|`,
  ];
  for (const name of names) {
    const cells = counts.map((c) => {
      const r = processes[c]![name];
      return r ? `${r.rps}, ${r.p50}, ${r.p99}` : "n/a";
    });
    const one = processes["1"]![name];
    const many = processes[counts.at(-1)!]![name];
    lines.push(
      `| ${name} | ${cells.join(" | ")} | ${one && many && counts.length > 1 ? (many.rps / one.rps).toFixed(2) : "n/a"} |`,
    );
  }
  if (counts.length === 1) lines.push("", "One core on this machine: nothing to compare.");
  lines.push("");
  return lines;
}

function pageWeightSection(): string[] {
  const weights = report.pageWeight as PageWeight[] | undefined;
  if (!weights?.length) return [];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const share = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;
  return [
    "## Page weight",
    "",
    "A day page of 50 papers as the server sends it: the HTML uncompressed and gzipped (as sent with `Accept-Encoding: gzip`), the part of it that is Next's RSC payload (the `self.__next_f.push` scripts that hydrate the page: each card's text travels in the markup and again there), and what a client-side navigation to the same page downloads (`RSC: 1`). Gzipped shares are of the two parts compressed apart.",
    "",
    "| page | paper cards | HTML | gzipped | RSC in the HTML | its share (raw, gzipped) | markup gzipped | RSC navigation (raw, gzipped) |",
    "|---|---|---|---|---|---|---|---|",
    ...weights.map(
      (w, i) =>
        `| ${w.path}${i ? " (signed in)" : ""} | ${w.papers} | ${kb(w.htmlBytes)} | ${kb(w.gzipBytes)} | ${kb(w.rscInlineBytes)} | ${share(w.rscInlineBytes, w.htmlBytes)}, ${share(w.rscInlineGzipBytes, w.rscInlineGzipBytes + w.markupGzipBytes)} | ${kb(w.markupGzipBytes)} | ${kb(w.rscNavigationBytes)}, ${kb(w.rscNavigationGzipBytes)} |`,
    ),
    "",
  ];
}

let existsSearchMarkdown = "";

// BENCH_RENDER_ONLY=1 writes docs/BENCHMARKS.md again from docs/benchmarks.json, measuring nothing (after a change to the report's wording).
if (process.env.BENCH_RENDER_ONLY) {
  Object.assign(report, JSON.parse(await fs.readFile("docs/benchmarks.json", "utf8")) as Report);
  existsSearchMarkdown = await fs.readFile("docs/BENCHMARKS-search.md", "utf8").then(
    (md) => md.replace(/^# .*\n/, "").replace(/^## /gm, "### "),
    () => "",
  );
  await fs.writeFile("docs/BENCHMARKS.md", markdown());
  log("wrote docs/BENCHMARKS.md from docs/benchmarks.json");
  process.exit();
}

main()
  .catch((error) => {
    report.error = String(error?.stack ?? error);
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await fs.mkdir(OUT_DIR, { recursive: true });
    await fs.writeFile(path.join(OUT_DIR, "benchmarks.json"), JSON.stringify(report, null, 2) + "\n");
    existsSearchMarkdown = await fs.readFile("docs/BENCHMARKS-search.md", "utf8").then(
      (md) => md.replace(/^# .*\n/, "").replace(/^## /gm, "### "),
      () => "",
    );
    if (!report.error) await fs.writeFile(path.join(OUT_DIR, "BENCHMARKS.md"), markdown());
    log(
      `wrote ${OUT_DIR}/benchmarks.json${report.error ? "" : ` and ${OUT_DIR}/BENCHMARKS.md`} (server ${BENCH_SERVER_URL})`,
    );
    process.exit();
  });
