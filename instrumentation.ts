// Runs once when a Next server starts: settings a deployment must give are
// checked (so a bare `next start` fails fast and clearly), and the search
// index starts warming in the background: the feed does not wait for it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertProductionEnv, getEnv } = await import("@/lib/env");
  assertProductionEnv();
  if (getEnv().PAPERBOY_SEARCH === "on") {
    const { startSearchIndex } = await import("@/lib/search");
    void startSearchIndex({ log: (line) => console.log(`[search] ${line}`) });
  }
}
