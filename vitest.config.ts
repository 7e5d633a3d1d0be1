import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // lib modules are marked server-only for Next; tests run them on the server anyway.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      // Nothing in the tests reaches the network: no scheduled fetch unless a
      // test turns it on, and every upstream points at a closed local port
      // unless a test points it at its own replay server.
      FETCH_CRON: "off",
      PAPERS_UPSTREAM_URL: "http://127.0.0.1:9",
      ARXIV_API_URL: "http://127.0.0.1:9/api/query",
      // Local replay servers: no need to space requests as arXiv asks.
      ARXIV_RATE_PER_SECOND: "50",
    },
    projects: [
      {
        extends: true,
        // Property tests run thousands of cases: on a loaded CI machine that is more than vitest's 5 s.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/e2e/global-setup.ts"],
          // Generous: CI machines are shared, and a loaded one renders slowly.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
