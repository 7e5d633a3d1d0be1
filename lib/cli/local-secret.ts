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

/**
 * The local install's MAIL_LINK_SECRET, kept in PAPERBOY_DATA_DIR/mail-link-secret
 * and read by every process on that database (the server, npm run digest, the
 * worker), so that all of them sign links the server accepts. An install that
 * signed its mail links with its session secret, before this key existed,
 * starts from that secret: the unsubscribe links it has mailed keep working,
 * and from then on the two are rotated apart. A new install gets 32 random bytes.
 */
export async function readOrCreateLocalMailLinkSecret(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, "mail-link-secret");
  const existing = await readSecret(file);
  if (existing) return existing;
  const secret =
    (await readSecret(path.resolve(dataDir, "secret"))) ?? crypto.randomBytes(32).toString("base64url");
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Written whole under another name and linked into place, which fails when
  // another process got there first: then its key is the one, for both.
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  await fs.writeFile(draft, secret + "\n", { mode: 0o600, flag: "wx" });
  try {
    await fs.link(draft, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const theirs = await readSecret(file);
    if (!theirs)
      throw new Error(`${file} exists but holds no secret of 32 characters or more`, { cause: error });
    return theirs;
  } finally {
    await fs.rm(draft, { force: true });
  }
}

async function readSecret(file: string): Promise<string | null> {
  const text = (await fs.readFile(file, "utf8").catch(() => "")).trim();
  return text.length >= 32 ? text : null;
}
