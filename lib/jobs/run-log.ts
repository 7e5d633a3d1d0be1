import { logger } from "@/lib/log";

// One log line per job run, whatever the job: its queue, how long it took,
// how it ended, and what it returned (its counts).

export async function loggedRun<T>(queue: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const log = logger("jobs");
  try {
    const result = await run();
    log.info(
      { job: queue, durationMs: Date.now() - started, outcome: "done", result: result ?? null },
      "job run",
    );
    return result;
  } catch (error) {
    log.warn(
      {
        job: queue,
        durationMs: Date.now() - started,
        outcome: "failed",
        error: error instanceof Error ? error.message : String(error),
      },
      "job run",
    );
    throw error;
  }
}
