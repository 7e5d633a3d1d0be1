// npm run build: next build, then the record of what it was built from, so
// that npm start (lib/cli/build-stamp.ts) serves this build instead of
// building again. A deployment builds once, then starts its instances.
import { spawn } from "node:child_process";
import { writeBuildStamp } from "./build-stamp";

const build = spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
build.on("exit", (code) => {
  if (code !== 0) process.exit(code ?? 1);
  writeBuildStamp().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`error: the build is done, but its record could not be written: ${String(error)}`);
      process.exit(1);
    },
  );
});
