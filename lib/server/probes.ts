import type http from "node:http";
import { z } from "zod";
import { isDatabaseReachable } from "@/lib/database/health";
import { searchIndexState } from "@/lib/search/index-state";

// For load balancers and supervisors, answered before Next and the page cache
// and never cached:
//   GET /healthz  200 while the process runs (liveness: restart it if this fails),
//                 with its pid: with several web server processes, which one answered
//   GET /readyz   200 when it can serve, 503 while the database is unreachable
//                 or Next is still starting (readiness: send it no traffic),
//                 with JSON saying what is up.

/** The scheduled jobs, as the launcher reports them to its web server. */
export const SCHEDULER_STATES = ["running", "starting", "restarting", "stopped", "off", "elsewhere"] as const;
export type SchedulerState = (typeof SCHEDULER_STATES)[number];

/** What the launcher sends its web server over IPC. */
export const launcherMessageSchema = z.object({ scheduler: z.enum(SCHEDULER_STATES) });
/**
 * What a web server asks once it listens for the answer: a message sent
 * before then can be lost (a cluster worker still loading its modules).
 */
export const webServerMessageSchema = z.object({ ask: z.literal("scheduler") });

export type ProbeContext = {
  nextReady: () => boolean;
  searchEnabled: boolean;
  scheduler: () => SchedulerState;
};

export const PROBE_PATHS = new Set(["/healthz", "/readyz"]);

export async function answerProbe(
  path: string,
  res: http.ServerResponse,
  context: ProbeContext,
): Promise<void> {
  if (path === "/healthz") return send(res, 200, { status: "alive", pid: process.pid });
  const database = (await isDatabaseReachable()) ? "up" : "down";
  const index = searchIndexState();
  const ready = database === "up" && context.nextReady();
  send(res, ready ? 200 : 503, {
    status: ready ? "ready" : "unavailable",
    database,
    web: context.nextReady() ? "ready" : "starting",
    // A warming index does not make the server unready: the feed never waits for it.
    searchIndex: context.searchEnabled ? (index?.status ?? "warming") : "off",
    searchDocuments: index?.documents ?? 0,
    scheduler: context.scheduler(),
  });
}

function send(res: http.ServerResponse, status: number, body: object): void {
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    ...(status === 503 ? { "Retry-After": "5" } : {}),
  });
  res.end(JSON.stringify(body));
}
