// Runs once when a Next server starts: settings a deployment must give are
// checked here too, so `next start` without npm start fails fast and clearly.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertProductionEnv } = await import("@/lib/env");
  assertProductionEnv();
}
