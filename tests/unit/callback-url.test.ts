import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/auth/callback-url";

const ORIGIN = "http://127.0.0.1:3000";

/** What a browser does with a Location header: resolve it against the page it came from. */
function landsOn(location: string): string {
  return new URL(location, `${ORIGIN}/signin`).origin;
}

describe("return addresses", () => {
  it.each([
    ["/", "/"],
    ["/papers/date/2026-03-31", "/papers/date/2026-03-31"],
    ["/search?q=diffusion&sort=newest#results", "/search?q=diffusion&sort=newest#results"],
    ["/search?q=a%2Fb", "/search?q=a%2Fb"],
    ["/search?q=日本語", "/search?q=%E6%97%A5%E6%9C%AC%E8%AA%9E"],
    ["/papers/ä", "/papers/%C3%A4"],
    [`${ORIGIN}/me/upvotes`, "/me/upvotes"],
  ])("keeps the path %j as %j", (input, expected) => {
    expect(safeReturnPath(input, ORIGIN)).toBe(expected);
  });

  it.each([
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\u0000/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "/a/../..//evil.example",
    "/%2Fevil.example",
    "/%2fevil.example/",
    "/%5Cevil.example",
    "https://evil.example/",
    "http://127.0.0.1:3001/",
    "javascript:alert(1)",
    "evil.example",
    " /x",
    "",
    "/" + "a".repeat(2_000),
  ])("sends %j home", (input) => {
    expect(safeReturnPath(input, ORIGIN)).toBe("/");
  });

  it("sends anything that is not a string home", () => {
    expect(safeReturnPath(undefined, ORIGIN)).toBe("/");
    expect(safeReturnPath(["/a", "/b"], ORIGIN)).toBe("/");
    expect(safeReturnPath(42, ORIGIN)).toBe("/");
  });

  it("accepts an absolute URL only for the origin it is given", () => {
    expect(safeReturnPath(`${ORIGIN}/submit`)).toBe("/");
    expect(safeReturnPath("/submit")).toBe("/submit");
  });

  it("always gives a printable-ASCII path on this origin that it keeps as it is", () => {
    const piece = fc.oneof(
      fc.constantFrom("/", "//", "\\", "\t", "\n", "%2f", "%5C", "%09", ".", "..", "?", "#", "@", ":", " "),
      fc.constantFrom(
        "evil.example",
        "http:",
        "https://evil.example",
        "\u00e9",
        "\u202e",
        "\u3000",
        "\ud83d\ude00",
      ),
      fc.string({ unit: "binary", maxLength: 6 }),
    );
    const input = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(
        fc.oneof(
          input,
          input.map((s) => `/${s}`),
        ),
        (raw) => {
          const path = safeReturnPath(raw, ORIGIN);
          expect(path).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
          expect(landsOn(path)).toBe(ORIGIN);
          expect(safeReturnPath(path, ORIGIN)).toBe(path);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
