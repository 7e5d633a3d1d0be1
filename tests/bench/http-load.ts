import autocannon from "autocannon";
import { median } from "./support";

// HTTP under load: autocannon on loopback, 50 connections, repeated runs;
// each figure is the median of the runs.

export type LoadResult = {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  bytesPerRequest: number;
  runs: number;
};

export async function loadTest(
  url: string,
  options: {
    connections?: number;
    seconds?: number;
    runs?: number;
    headers?: Record<string, string>;
    requests?: { path: string }[];
    /** A path for every request (e.g. a search no earlier request made), instead of `requests`. */
    nextPath?: () => string;
  } = {},
): Promise<LoadResult> {
  const runs = options.runs ?? 3;
  const results: autocannon.Result[] = [];
  for (let i = 0; i < runs; i++) {
    results.push(
      await autocannon({
        url,
        connections: options.connections ?? 50,
        duration: options.seconds ?? 8,
        headers: { "accept-encoding": "gzip", ...options.headers },
        ...(options.nextPath
          ? {
              requests: [
                {
                  method: "GET" as const,
                  setupRequest: (request: autocannon.Request) => ({ ...request, path: options.nextPath!() }),
                },
              ],
            }
          : options.requests
            ? { requests: options.requests.map((r) => ({ method: "GET" as const, path: r.path })) }
            : {}),
      }),
    );
  }
  return {
    rps: Math.round(median(results.map((r) => r.requests.average))),
    p50: median(results.map((r) => r.latency.p50)),
    p99: median(results.map((r) => r.latency.p99)),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    bytesPerRequest: Math.round(
      median(results.map((r) => r.throughput.average / Math.max(1, r.requests.average))),
    ),
    runs,
  };
}
