import { describe, expect, it } from "vitest";
import {
  organizationAliases,
  organizationFilter,
  organizationKey,
  organizationText,
} from "@/lib/search/organizations";

describe("organizations", () => {
  it("knows an organization by its initials from three words, and by common aliases", () => {
    expect(organizationAliases("Massachusetts Institute of Technology")).toEqual(["mit"]);
    expect(organizationAliases("Carnegie Mellon University")).toEqual(["cmu"]);
    expect(organizationAliases("Meta Research")).toEqual([]); // two words: "MR" would be noise
    expect(organizationAliases("Tsinghua University")).toEqual(["thu"]);
    expect(organizationText("Carnegie Mellon University", "CarnegieMellonU")).toBe(
      "Carnegie Mellon University\nCarnegieMellonU\ncmu",
    );
  });

  it("filters by the start of the handle, of the display name or of one of its words, any case", () => {
    const stanford = organizationKey("StanfordUniversity", "Stanford University");
    const meta = organizationKey("facebook", "AI at Meta");
    const passes = (filter: string) => [stanford, meta, ""].filter(organizationFilter(filter));
    expect(passes("Stanford University")).toEqual([stanford]);
    expect(passes("stanford")).toEqual([stanford]);
    expect(passes("StanfordUniversity")).toEqual([stanford]);
    expect(passes("Meta")).toEqual([meta]);
    expect(passes("FACEBOOK")).toEqual([meta]);
    expect(passes("tanford")).toEqual([]);
    expect(passes("  ")).toEqual([]);
  });
});
