import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dailyPeriod } from "@/lib/digest/periods";
import { renderDigest } from "@/lib/digest/render";
import { renderRss } from "@/lib/feed/rss";
import type { IsoDate } from "@/lib/papers/dates";
import type { FeedPaper } from "@/lib/papers/queries";
import { NO_EXTRAS } from "@/lib/papers/schemas";
import { balanceBidi, isolateText } from "@/lib/text/bidi";

const RLO = "\u202e";
const PDF = "\u202c";
const FSI = "\u2068";
const PDI = "\u2069";

/**
 * The explicit-embedding state after `text`, as the bidi algorithm (UAX #9,
 * rules X1-X8, without the depth limit) keeps it: how many embeddings and
 * isolates are still open, and how many closers found nothing to close.
 */
function directionState(text: string): { open: number; strayClosers: number } {
  const stack: ("embedding" | "isolate")[] = [];
  let strayClosers = 0;
  for (const c of text) {
    if ("\u202a\u202b\u202d\u202e".includes(c)) stack.push("embedding");
    else if ("\u2066\u2067\u2068".includes(c)) stack.push("isolate");
    else if (c === PDF) {
      if (stack.at(-1) === "embedding") stack.pop();
      else strayClosers += 1;
    } else if (c === PDI) {
      const at = stack.lastIndexOf("isolate");
      if (at < 0) strayClosers += 1;
      else stack.length = at;
    } else if ("\n\r\u2029".includes(c)) stack.length = 0;
  }
  return { open: stack.length, strayClosers };
}

const withoutControls = (s: string) => s.replace(/[\u202a-\u202e\u2066-\u2069]/g, "");

const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
      ),
      fc.constantFrom("a", "Bob", " ", ", ", "\n", "\u05d0", "\u0627", "\u200f"),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(""));

const paper: FeedPaper = {
  id: "2512.00667",
  title: `${RLO}A title that reverses what follows`,
  abstract: `${PDI}${RLO}An abstract with a stray closer first.`,
  authorCount: 3,
  authors: [`${RLO}Eve`, "Bob Plain", "Carol"],
  orgHandle: "evil-org",
  orgName: `${RLO}Evil Org`,
  feedDate: "2025-12-25" as IsoDate,
  feedAddedAt: new Date("2025-12-25T08:00:00Z"),
  publishedAt: null,
  upvotes: 3,
  submittedBy: null,
  extras: NO_EXTRAS,
  hidden: false,
};

describe("balanceBidi", () => {
  it("closes an override the text leaves open", () => {
    expect(balanceBidi(`${RLO}Eve`)).toBe(`${RLO}Eve${PDF}`);
  });

  it("drops a closer the text did not open, which would close the isolate around it", () => {
    expect(balanceBidi(`${PDI}${RLO}evil`)).toBe(`${RLO}evil${PDF}`);
    expect(balanceBidi(`a${PDF}b`)).toBe("ab");
  });

  it("lets a PDI close the embeddings inside its isolate, and a PDF never reach outside one", () => {
    expect(balanceBidi(`${FSI}${RLO}x${PDI}y`)).toBe(`${FSI}${RLO}x${PDI}y`);
    expect(balanceBidi(`${RLO}${FSI}x${PDF}y`)).toBe(`${RLO}${FSI}xy${PDI}${PDF}`);
  });

  it("ends everything at a paragraph break", () => {
    expect(balanceBidi(`${RLO}one\ntwo`)).toBe(`${RLO}one${PDF}\ntwo`);
  });

  it("leaves text without controls as it is", () => {
    expect(balanceBidi("Attention Is All You Need")).toBe("Attention Is All You Need");
  });

  it("leaves nothing open and nothing stray, changes only controls, and is idempotent", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const balanced = balanceBidi(text);
        expect(directionState(balanced)).toEqual({ open: 0, strayClosers: 0 });
        expect(withoutControls(balanced)).toBe(withoutControls(text));
        expect(balanceBidi(balanced)).toBe(balanced);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("isolateText", () => {
  it("wraps right-to-left text and text with controls in FSI ... PDI, and nothing else", () => {
    expect(isolateText("Bob Plain")).toBe("Bob Plain");
    expect(isolateText("\u05d3\u05e0\u05d4")).toBe(`${FSI}\u05d3\u05e0\u05d4${PDI}`);
    expect(isolateText(`${RLO}Eve`)).toBe(`${FSI}${RLO}Eve${PDF}${PDI}`);
  });

  it("keeps any two neighbours apart: after the first, nothing is open", () => {
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        const joined = `${isolateText(a)}, `;
        expect(directionState(joined)).toEqual({ open: 0, strayClosers: 0 });
        expect(directionState(`${joined}${isolateText(b)}`)).toEqual({ open: 0, strayClosers: 0 });
      }),
    );
  });
});

describe("imported text in mails and feeds", () => {
  /** The direction state just before `needle` in `text`: what would reorder it. */
  const stateBefore = (text: string, needle: string) => {
    const at = text.indexOf(needle);
    expect(at).toBeGreaterThan(-1);
    return directionState(text.slice(0, at));
  };

  it("keeps an author's override out of the next author's name and the rest of the digest", () => {
    const mail = renderDigest({
      period: dailyPeriod("2025-12-25" as IsoDate),
      papers: [paper],
      recipient: { email: "reader@example.org", frequency: "daily", keywords: null, minUpvotes: null },
      schedule: { daily: "every weekday", weekly: "every Monday", at: "08:00 UTC" },
      links: {
        site: "https://x.org",
        archive: "https://x.org/a",
        preferences: "https://x.org/p",
        unsubscribe: "https://x.org/u",
      },
    });
    for (const body of [mail.text, mail.html]) {
      expect(stateBefore(body, "Bob Plain").open).toBe(0);
      expect(stateBefore(body, "Carol").open).toBe(0);
      expect(stateBefore(body, "Unsubscribe").open).toBe(0);
      expect(directionState(body)).toEqual({ open: 0, strayClosers: 0 });
    }
    expect(mail.html).toContain(`<bdi>${FSI}${RLO}Eve${PDF}${PDI}</bdi>, <bdi>Bob Plain</bdi>`);
    expect(mail.subject).toContain(`${FSI}${RLO}A title that reverses what follows${PDF}${PDI}`);
    expect(directionState(mail.subject)).toEqual({ open: 0, strayClosers: 0 });
  });

  it("keeps an organization's override out of the date in RSS", () => {
    const xml = renderRss([paper], {
      siteUrl: "https://x.org",
      title: "t",
      selfPath: "/feed.xml",
      description: "d",
    });
    expect(stateBefore(xml, "Dec 25, 2025").open).toBe(0);
    expect(stateBefore(xml, "</channel>").open).toBe(0);
    expect(directionState(xml)).toEqual({ open: 0, strayClosers: 0 });
  });
});
