import { describe, expect, it } from "vitest";
import { escapeXml, renderRss } from "@/lib/feed/rss";
import type { IsoDate } from "@/lib/papers/dates";
import type { FeedPaper } from "@/lib/papers/queries";
import { NO_EXTRAS } from "@/lib/papers/schemas";

const hostile: FeedPaper = {
  id: "2512.00666",
  title: `<script>alert(1)</script> & "quotes" ]]>`,
  abstract: "</description><item>injected</item>\u0000\u0007 text",
  authorCount: 1,
  authors: ["Eve"],
  orgHandle: "<b>org</b>",
  orgName: "<b>Org</b>",
  feedDate: "2025-12-25" as IsoDate,
  feedAddedAt: new Date("2025-12-25T08:00:00Z"),
  publishedAt: null,
  upvotes: 3,
  submittedBy: null,
  extras: NO_EXTRAS,
  hidden: false,
};

describe("RSS", () => {
  it("escapes markup and drops characters XML cannot hold", () => {
    expect(escapeXml(`<a href="x">&'</a>\u0000\u0001ok`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;ok",
    );
  });

  it("keeps hostile titles and abstracts inside their elements", () => {
    const xml = renderRss([hostile], {
      siteUrl: "https://papers.example.org",
      title: "Paperboy",
      selfPath: "/feed.xml",
      description: "d",
    });
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("<item>injected");
    expect(xml.match(/<item>/g)).toHaveLength(1);
    expect(xml).toContain(
      "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; ]]&gt;</title>",
    );
    expect(xml).toContain("<link>https://papers.example.org/papers/2512.00666</link>");
  });
});

describe("RSS for feed readers", () => {
  const paper = { ...hostile, authors: ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"] };
  const xml = renderRss([paper], {
    siteUrl: "https://p.example.org",
    title: "t",
    selfPath: "/feed.xml",
    description: "d",
  });

  it("says when the feed last changed, on every feed, empty ones too", () => {
    expect(xml).toContain(`<lastBuildDate>${paper.feedAddedAt.toUTCString()}</lastBuildDate>`);
    expect(
      renderRss([], {
        siteUrl: "https://p.example.org",
        title: "t",
        selfPath: "/feed.xml",
        description: "d",
      }),
    ).toMatch(/<lastBuildDate>\w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT<\/lastBuildDate>/);
  });

  it("names each item's authors, the first three and et al.", () => {
    expect(xml).toContain('xmlns:dc="http://purl.org/dc/elements/1.1/"');
    expect(xml).toContain("<dc:creator>Ada Lovelace, Alan Turing, Grace Hopper et al.</dc:creator>");
  });
});
