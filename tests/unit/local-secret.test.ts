import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readOrCreateLocalMailLinkSecret, readOrCreateLocalSecret } from "@/lib/cli/local-secret";

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-secret-"));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("the local install's mail-link key", () => {
  it("is made once, private to its owner, apart from the session secret, and the same for every process", async () => {
    const made = await Promise.all(Array.from({ length: 8 }, () => readOrCreateLocalMailLinkSecret(dataDir)));
    expect(new Set(made).size).toBe(1);
    expect(made[0]!.length).toBeGreaterThanOrEqual(32);
    expect(await readOrCreateLocalMailLinkSecret(dataDir)).toBe(made[0]);
    const stat = await fs.stat(path.join(dataDir, "mail-link-secret"));
    expect(stat.mode & 0o777).toBe(0o600);
    expect((await fs.readdir(dataDir)).sort()).toEqual(["mail-link-secret"]);
    expect(await readOrCreateLocalSecret(dataDir)).not.toBe(made[0]);
  });

  it("starts from the session secret of an install that signed its mail links with it, and then keeps apart", async () => {
    const sessionSecret = await readOrCreateLocalSecret(dataDir);
    expect(await readOrCreateLocalMailLinkSecret(dataDir)).toBe(sessionSecret);
    await fs.rm(path.join(dataDir, "secret"));
    expect(await readOrCreateLocalSecret(dataDir)).not.toBe(sessionSecret);
    expect(await readOrCreateLocalMailLinkSecret(dataDir)).toBe(sessionSecret);
  });
});
