import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "@/lib/auth/signed-tokens";

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
