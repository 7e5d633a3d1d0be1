import crypto from "node:crypto";
import { getEnv } from "@/lib/env";

// Links in mails carry a signed token instead of a password: HMAC-SHA256 over
// {purpose, subject, expiry} with a key derived from MAIL_LINK_SECRET for each
// purpose, so an unsubscribe token can never confirm an address and a leaked
// token says nothing about the secret. MAIL_LINK_SECRET is not the session
// secret: unsubscribe links never expire (see lib/digest/links.ts), and
// rotating NEXTAUTH_SECRET must not void them. A rotation of MAIL_LINK_SECRET
// itself keeps the earlier key in MAIL_LINK_SECRET_PREVIOUS: tokens are signed
// with the current key and verified against each. (The derivation is the one
// NEXTAUTH_SECRET went through before MAIL_LINK_SECRET existed, so the old
// NEXTAUTH_SECRET given as a previous key keeps the links mailed then working.)
// An arXiv lookup hands the submit form what arXiv said that the form does not
// show (the publication date) the same way, so the server can trust it when
// the form comes back.

export type TokenPurpose = "confirm" | "unsubscribe" | "preferences" | "arxiv-lookup";

type Payload = { p: TokenPurpose; s: string; e: number | null };

function keyFrom(secret: string, purpose: TokenPurpose): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secret, "paperboy-signed-tokens", purpose, 32));
}

/** The signing key first, then the ones still accepted. */
function keys(purpose: TokenPurpose): Buffer[] {
  const env = getEnv();
  return [env.MAIL_LINK_SECRET ?? developmentSecret(), ...env.MAIL_LINK_SECRET_PREVIOUS].map((secret) =>
    keyFrom(secret, purpose),
  );
}

function developmentSecret(): string {
  if (getEnv().NODE_ENV === "production") throw new Error("MAIL_LINK_SECRET is required in production");
  return "paperboy-development-secret-not-for-production";
}

/** A URL-safe token for `subject` (e.g. a subscriber id); ttlSeconds null: it never expires. */
export function signToken(
  purpose: TokenPurpose,
  subject: string,
  ttlSeconds: number | null,
  now = Date.now(),
): string {
  const payload: Payload = {
    p: purpose,
    s: subject,
    e: ttlSeconds === null ? null : Math.floor(now / 1000) + ttlSeconds,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const mac = crypto.createHmac("sha256", keys(purpose)[0]!).update(body).digest("base64url");
  return `${body}.${mac}`;
}

export type VerifiedToken =
  | { ok: true; subject: string }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" | "wrong_purpose" };

export function verifyToken(purpose: TokenPurpose, token: string, now = Date.now()): VerifiedToken {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined || token.length > 1_000) return { ok: false, reason: "malformed" };
  const given = Buffer.from(mac, "base64url");
  const signedByOneOfOurs = keys(purpose).some((key) => {
    const expected = crypto.createHmac("sha256", key).update(body).digest();
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  if (!signedByOneOfOurs) return { ok: false, reason: "bad_signature" };
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Payload;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (payload.p !== purpose) return { ok: false, reason: "wrong_purpose" };
  if (typeof payload.s !== "string") return { ok: false, reason: "malformed" };
  if (payload.e !== null && payload.e * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true, subject: payload.s };
}
