import { describe, expect, it } from "vitest";
import { isSameOriginPost, readSignInLink, signInPageUrl } from "@/lib/auth/sign-in-link";

const ORIGIN = "http://127.0.0.1:3000";
const TOKEN = "ab".repeat(32);

describe("the sign-in link's page and its button", () => {
  it("sends the mail to our page with what next-auth's callback link carries", () => {
    const callback = `${ORIGIN}/api/auth/callback/email?callbackUrl=${encodeURIComponent(`${ORIGIN}/submit`)}&token=${TOKEN}&email=reader%40example.org`;
    const page = new URL(signInPageUrl(callback));
    expect(page.origin + page.pathname).toBe(`${ORIGIN}/signin/confirm`);
    expect(Object.fromEntries(page.searchParams)).toEqual({
      token: TOKEN,
      email: "reader@example.org",
      callbackUrl: `${ORIGIN}/submit`,
    });
  });

  it("reads a link's token and address, and makes its return address a path here", () => {
    expect(
      readSignInLink({ token: TOKEN, email: "reader@example.org", callbackUrl: "/\t/evil.example" }),
    ).toEqual({
      token: TOKEN,
      email: "reader@example.org",
      callbackUrl: "/",
    });
    expect(readSignInLink({ token: "<script>", email: "reader@example.org" })).toBeNull();
    expect(readSignInLink({ token: TOKEN, email: ["a@b.org", "c@d.org"] })).toBeNull();
  });

  it.each([
    [{ "sec-fetch-site": "same-origin", origin: ORIGIN }, true],
    [{ "sec-fetch-site": "same-origin", origin: "null" }, true],
    [{ "sec-fetch-site": "same-origin" }, true],
    [{ origin: ORIGIN }, true],
    [{ "sec-fetch-site": "same-origin", origin: "http://evil.example" }, false],
    [{ "sec-fetch-site": "same-site", origin: ORIGIN }, false],
    [{ "sec-fetch-site": "cross-site" }, false],
    [{ "sec-fetch-site": "none" }, false],
    [{ origin: "http://127.0.0.1:3001" }, false],
    [{ origin: "null" }, false],
    [{}, false],
  ])("takes a POST with %j as our own page's: %s", (headers, expected) => {
    expect(isSameOriginPost(new Headers(headers), ORIGIN)).toBe(expected);
  });
});
