import { describe, expect, it } from "vitest";
import { plural } from "@/lib/text/plural";

describe("plural", () => {
  it("counts a noun", () => {
    expect(plural(0, "paper")).toBe("0 papers");
    expect(plural(1, "paper")).toBe("1 paper");
    expect(plural(2, "author")).toBe("2 authors");
    expect(plural(80_123, "paper")).toBe("80,123 papers");
    expect(plural(1, "reply", "replies")).toBe("1 reply");
    expect(plural(3, "reply", "replies")).toBe("3 replies");
  });
});
