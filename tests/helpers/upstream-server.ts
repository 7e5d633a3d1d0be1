import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import path from "node:path";
import { gunzipSync } from "node:zlib";

// A local stand-in for the services Paperboy calls in production, replaying
// recorded real answers: the Daily Papers API (the days of prisma/sample, as
// Hugging Face served them) and the arXiv API (tests/fixtures/arxiv-api).
// Faults can be queued per request: 5xx, 429 with Retry-After, a body cut in
// half, a connection dropped mid-body, no answer at all, a body over any cap,
// HTML instead of JSON, entries that fail validation, or the whole server down.

export type Fault =
  | { kind: "status"; status: number }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "cut-body" }
  | { kind: "drop-connection" }
  | { kind: "hang" }
  | { kind: "oversized"; bytes: number }
  | { kind: "html" }
  | { kind: "invalid-entries"; count: number };

export type FaultRule = {
  /** Which requests: "daily" (the Daily Papers API) or "arxiv"; a date and page narrow it. */
  api: "daily" | "arxiv";
  date?: string;
  page?: number;
  fault: Fault;
  /** How many matching requests get the fault (then it is spent); Infinity for all. */
  times: number;
};

export type RecordedRequest = { url: string; userAgent: string; at: number };

export type UpstreamServer = {
  url: string;
  requests: RecordedRequest[];
  days: Map<string, unknown[]>;
  inject(rule: FaultRule): void;
  clearFaults(): void;
  /** Refuse every connection (down) or serve again. */
  setDown(down: boolean): void;
  close(): Promise<void>;
};

const SAMPLE_DIR = "prisma/sample";
const ARXIV_DIR = "tests/fixtures/arxiv-api";

/** Every day of the shipped sample, as the API answered it. */
export function loadSampleDays(): Map<string, unknown[]> {
  const days = new Map<string, unknown[]>();
  for (const name of fs.readdirSync(SAMPLE_DIR).sort()) {
    const m = /^(\d{4}-\d{2}-\d{2})\.json\.gz$/.exec(name);
    if (!m) continue;
    days.set(
      m[1]!,
      JSON.parse(gunzipSync(fs.readFileSync(path.join(SAMPLE_DIR, name))).toString()) as unknown[],
    );
  }
  return days;
}

type RecordedArxiv = { url: string; status_code: number; body: string };

function loadArxiv(): Map<string, RecordedArxiv> {
  const byIds = new Map<string, RecordedArxiv>();
  for (const name of fs.readdirSync(ARXIV_DIR)) {
    const recorded = JSON.parse(fs.readFileSync(path.join(ARXIV_DIR, name), "utf8")) as RecordedArxiv;
    const ids = new URL(recorded.url).searchParams.get("id_list") ?? "";
    byIds.set(ids, recorded);
  }
  return byIds;
}

const EMPTY_ARXIV_FEED = `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
  <title>arXiv Query</title>
  <opensearch:totalResults>0</opensearch:totalResults>
</feed>`;

export async function startUpstreamServer(
  options: { days?: Map<string, unknown[]> } = {},
): Promise<UpstreamServer> {
  const days = options.days ?? loadSampleDays();
  const arxiv = loadArxiv();
  const rules: FaultRule[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  let down = false;

  const takeFault = (api: FaultRule["api"], date: string | null, page: number | null): Fault | null => {
    const rule = rules.find(
      (r) =>
        r.times > 0 &&
        r.api === api &&
        (r.date === undefined || r.date === date) &&
        (r.page === undefined || r.page === page),
    );
    if (!rule) return null;
    rule.times -= 1;
    return rule.fault;
  };

  const send = (
    res: http.ServerResponse,
    status: number,
    type: string,
    body: string,
    fault: Fault | null,
  ) => {
    if (fault?.kind === "cut-body") {
      // Headers say the whole length; half arrives, then the connection closes.
      const bytes = Buffer.from(body);
      res.writeHead(status, { "Content-Type": type, "Content-Length": bytes.length });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      res.socket?.destroy();
      return;
    }
    res.writeHead(status, { "Content-Type": type });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://upstream.test");
    requests.push({
      url: url.pathname + url.search,
      userAgent: req.headers["user-agent"] ?? "",
      at: Date.now(),
    });
    const api =
      url.pathname === "/api/daily_papers" ? "daily" : url.pathname === "/api/query" ? "arxiv" : null;
    if (!api) return send(res, 404, "application/json", JSON.stringify({ error: "Not found" }), null);
    const date = url.searchParams.get("date");
    const page = api === "daily" ? Number(url.searchParams.get("p") ?? "0") : null;
    const fault = takeFault(api, date, page);
    if (fault?.kind === "hang") return; // never answers; the client's timeout must end it
    if (fault?.kind === "drop-connection") return void req.socket.destroy();
    if (fault?.kind === "status")
      return send(res, fault.status, "text/plain", `upstream error ${fault.status}`, null);
    if (fault?.kind === "rate-limited") {
      res.writeHead(429, { "Retry-After": String(fault.retryAfterSeconds), "Content-Type": "text/plain" });
      return void res.end("slow down");
    }
    if (fault?.kind === "html")
      return send(res, 200, "text/html", "<html><body>Maintenance</body></html>", null);
    if (fault?.kind === "oversized") {
      res.writeHead(200, { "Content-Type": "application/json" });
      return void res.end(`[${" ".repeat(fault.bytes)}]`);
    }

    if (api === "arxiv") {
      const recorded = arxiv.get(url.searchParams.get("id_list") ?? "");
      if (!recorded) return send(res, 200, "application/atom+xml", EMPTY_ARXIV_FEED, fault);
      return send(res, recorded.status_code, "application/atom+xml", recorded.body, fault);
    }
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get("limit") ?? "50")));
    let entries = days.get(date ?? "") ?? [];
    entries = entries.slice((page ?? 0) * limit, ((page ?? 0) + 1) * limit);
    if (fault?.kind === "invalid-entries") {
      entries = [
        ...entries,
        ...Array.from({ length: fault.count }, (_, i) => ({ paper: { id: `not-an-id-${i}`, title: "" } })),
      ];
    }
    send(res, 200, "application/json", JSON.stringify(entries), fault);
  });
  server.on("connection", (socket) => {
    if (down) return void socket.destroy();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    days,
    inject: (rule) => rules.push({ ...rule }),
    clearFaults: () => void rules.splice(0),
    setDown: (value) => {
      down = value;
      if (value) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
