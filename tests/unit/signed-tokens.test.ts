import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { signToken, verifyToken } from "@/lib/auth/signed-tokens";
import { resetEnvCache } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

function withEnv(values: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

const KEY_A = "mail-link-key-a-0123456789-0123456789";
const KEY_B = "mail-link-key-b-0123456789-0123456789";
const KEY_C = "mail-link-key-c-0123456789-0123456789";

describe("signed tokens for mail links", () => {
  it("round-trips a subject for its purpose", () => {
    const token = signToken("confirm", "sub_123", 7 * 86_400);
    expect(verifyToken("confirm", token)).toEqual({ ok: true, subject: "sub_123" });
  });

  it("refuses another purpose, a tampered token and an expired one", () => {
    const token = signToken("unsubscribe", "sub_123", null);
    expect(verifyToken("confirm", token).ok).toBe(false);
    const [body, mac] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ p: "unsubscribe", s: "sub_999", e: null })).toString(
      "base64url",
    );
    expect(verifyToken("unsubscribe", `${forged}.${mac}`)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyToken("unsubscribe", `${body}.${mac}x`).ok).toBe(false);
    expect(verifyToken("unsubscribe", "garbage")).toEqual({ ok: false, reason: "malformed" });
    expect(verifyToken("unsubscribe", "a.b.c")).toEqual({ ok: false, reason: "malformed" });

    const now = Date.now();
    const expiring = signToken("confirm", "sub_1", 60, now);
    expect(verifyToken("confirm", expiring, now + 59_000).ok).toBe(true);
    expect(verifyToken("confirm", expiring, now + 61_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("never repeats a token for different subjects", () => {
    expect(signToken("confirm", "a", 60)).not.toBe(signToken("confirm", "b", 60));
  });
});

describe("the key of mail links", () => {
  it("is not the session secret: rotating NEXTAUTH_SECRET voids no link", () => {
    withEnv({ MAIL_LINK_SECRET: KEY_A, NEXTAUTH_SECRET: "session-secret-one-0123456789-0123456789" });
    const token = signToken("unsubscribe", "sub_1", null);
    withEnv({ NEXTAUTH_SECRET: "session-secret-two-0123456789-0123456789" });
    expect(verifyToken("unsubscribe", token)).toEqual({ ok: true, subject: "sub_1" });
    withEnv({ NEXTAUTH_SECRET: undefined });
    expect(verifyToken("unsubscribe", token)).toEqual({ ok: true, subject: "sub_1" });
  });

  it("rotates: the previous keys still verify, only the current one signs, and a dropped key stops verifying", () => {
    withEnv({ MAIL_LINK_SECRET: KEY_A });
    const old = signToken("unsubscribe", "sub_1", null);

    withEnv({ MAIL_LINK_SECRET: KEY_B, MAIL_LINK_SECRET_PREVIOUS: `${KEY_C}, ${KEY_A}` });
    expect(verifyToken("unsubscribe", old)).toEqual({ ok: true, subject: "sub_1" });
    const fresh = signToken("unsubscribe", "sub_1", null);
    withEnv({ MAIL_LINK_SECRET: KEY_B, MAIL_LINK_SECRET_PREVIOUS: undefined });
    expect(verifyToken("unsubscribe", fresh).ok).toBe(true);
    expect(verifyToken("unsubscribe", old)).toEqual({ ok: false, reason: "bad_signature" });
    withEnv({ MAIL_LINK_SECRET: KEY_A });
    expect(verifyToken("unsubscribe", fresh)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("accepts, given as a previous key, the old NEXTAUTH_SECRET that signed links before MAIL_LINK_SECRET existed", () => {
    const oldSessionSecret = "the-old-nextauth-secret-0123456789-0123";
    // A token as the code before MAIL_LINK_SECRET made it: its key derived from NEXTAUTH_SECRET.
    const body = Buffer.from(JSON.stringify({ p: "unsubscribe", s: "sub_7", e: null })).toString("base64url");
    const key = Buffer.from(
      crypto.hkdfSync("sha256", oldSessionSecret, "paperboy-signed-tokens", "unsubscribe", 32),
    );
    const mailedBefore = `${body}.${crypto.createHmac("sha256", key).update(body).digest("base64url")}`;

    withEnv({
      MAIL_LINK_SECRET: KEY_B,
      MAIL_LINK_SECRET_PREVIOUS: oldSessionSecret,
      NEXTAUTH_SECRET: undefined,
    });
    expect(verifyToken("unsubscribe", mailedBefore)).toEqual({ ok: true, subject: "sub_7" });
  });

  it("is required to sign in production", () => {
    withEnv({ NODE_ENV: "production", MAIL_LINK_SECRET: undefined, NEXTAUTH_SECRET: KEY_A });
    expect(() => signToken("unsubscribe", "sub_1", null)).toThrow(
      /MAIL_LINK_SECRET is required in production/,
    );
  });
});
