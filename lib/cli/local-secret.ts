import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

// On the embedded database (a local install), npm start keeps a signing secret
// next to the data it protects, made once with 32 random bytes, so a new user
// needs no configuration. A deployment with DATABASE_URL brings its own
// NEXTAUTH_SECRET, and start-up stops without one.
export async function readOrCreateLocalSecret(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, "secret");
  const existing = await fs.readFile(file, "utf8").catch(() => "");
  if (existing.trim().length >= 32) return existing.trim();
  const secret = crypto.randomBytes(32).toString("base64url");
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, secret + "\n", { mode: 0o600, flag: "w" });
  return secret;
}
