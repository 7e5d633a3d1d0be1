// Runs once when a Next server starts: settings a deployment must give are
// checked (so a bare `next start` fails fast and clearly), and the search
// index starts warming in the background: the feed does not wait for it.
// The server in front of Next gets the search's answer through a process global.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertProductionEnv, getEnv } = await import("@/lib/env");
  assertProductionEnv();
  if (getEnv().PAPERBOY_SEARCH === "on") {
    const { startSearchIndex } = await import("@/lib/search");
    void startSearchIndex({ log: (line) => console.log(`[search] ${line}`) });
    // The server in front of Next answers /api/search through this (lib/server/search-answer.ts).
    const [{ answerSearchQuery }, { publishSearchAnswerer }] = await Promise.all([
      import("@/lib/search/api"),
      import("@/lib/search/index-state"),
    ]);
    publishSearchAnswerer(answerSearchQuery);
  }
}
