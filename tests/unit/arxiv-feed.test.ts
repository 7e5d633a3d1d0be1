import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { arxivQueryUrl, parseArxivFeed, parseEntryId } from "@/lib/papers/arxiv";
import { TransientBodyError } from "@/lib/papers/fetch/polite-client";

// The Atom parser on arXiv's own answers (tests/fixtures/arxiv-api, recorded
// from the live API), and on the shapes a broken answer takes.

const DIR = "tests/fixtures/arxiv-api";
type Recorded = { url: string; status_code: number; body: string };

function recorded(idList: string): Recorded {
  for (const name of fs.readdirSync(DIR)) {
    const file = JSON.parse(fs.readFileSync(path.join(DIR, name), "utf8")) as Recorded;
    if (new URL(file.url).searchParams.get("id_list") === idList) return file;
  }
  throw new Error(`no recorded answer for ${idList}`);
}

describe("parseArxivFeed on recorded answers", () => {
  it("reads a single paper: title, abstract, authors, dates, the id without its version", () => {
    const answer = recorded("1605.08386");
    expect(answer.status_code).toBe(200);
    const feed = parseArxivFeed(answer.body);
    expect(feed).toMatchObject({ totalResults: 1, errors: [] });
    expect(feed.entries).toEqual([
      {
        id: "1605.08386",
        version: 1,
        title: "Heat-bath random walks with Markov bases",
        abstract: expect.stringMatching(
          /^Graphs on lattice points are studied .* is an expander in fixed dimension\.$/,
        ) as string,
        authors: ["Caprice Stanley", "Tobias Windisch"],
        publishedAt: new Date("2016-05-26T17:59:46Z"),
        updatedAt: new Date("2016-05-26T17:59:46Z"),
      },
    ]);
  });

  it("reads the entries of two ids at once (arXiv knows only one of them here)", () => {
    const feed = parseArxivFeed(recorded("0808.05394,1707.08567").body);
    expect(feed.totalResults).toBe(1);
    expect(feed.entries.map((e) => e.id)).toEqual(["1707.08567"]);
    const [entry] = feed.entries;
    expect(entry!.title).toBe(
      "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications",
    );
    expect(entry!.authors).toHaveLength(34);
    expect(entry!.authors[0]).toBe("Kees A. Schouhamer Immink");
    expect(entry!.authors.at(-1)).toBe("Hirosuke Yamamoto");
    expect(entry!.abstract).toContain('"Concepts in Information Theory and Communications"');
  });

  it.each(["0000.0000", "0808.05394"])("reads an unknown id (%s) as an empty feed", (id) => {
    const answer = recorded(id);
    expect(answer.status_code).toBe(200);
    expect(parseArxivFeed(answer.body)).toEqual({ totalResults: 0, entries: [], errors: [] });
  });

  it("reads a malformed id's answer (HTTP 400) as arXiv's error, not as a paper", () => {
    const answer = recorded("abc");
    expect(answer.status_code).toBe(400);
    expect(parseArxivFeed(answer.body)).toEqual({
      totalResults: 1,
      entries: [],
      errors: ["incorrect id format for abc"],
    });
  });

  it("reads an old-style id without a version, entities decoded and wrapped text joined", () => {
    const feed = parseArxivFeed(recorded("astro-ph/0601001").body);
    const [entry] = feed.entries;
    expect(entry).toMatchObject({
      id: "astro-ph/0601001",
      version: 1,
      title:
        "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina",
      authors: ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"],
      publishedAt: new Date("2006-01-02T14:57:58Z"),
    });
    // &amp; and &lt; in the XML; the leading spaces of arXiv's summary gone.
    expect(entry!.abstract).toMatch(/^We derive the frequencies of hot Jupiters/);
    expect(entry!.abstract).toContain("Gould & Morgan (2003)");
    expect(entry!.abstract).toContain("V_max<17.5");
  });

  it("reads an old-style id asked with its version", () => {
    const feed = parseArxivFeed(recorded("quant-ph/0201082v1").body);
    expect(feed.entries).toMatchObject([
      {
        id: "quant-ph/0201082",
        version: 1,
        title:
          "Quantum Computers and Quantum Computer Languages: Quantum Assembly Language and Quantum C Language",
        authors: ["Stephen Blaha"],
        abstract: expect.stringMatching(/^We show a representation of Quantum Computers/) as string,
      },
    ]);
  });
});

/** The recorded single-paper answer with its entry's title and summary replaced. */
function withEntry(title: string, summary: string): string {
  const body = recorded("1605.08386").body;
  return body
    .replace("<title>Heat-bath random walks with Markov bases</title>", `<title>${title}</title>`)
    .replace(/<summary>[^<]*<\/summary>/, `<summary>${summary}</summary>`);
}

describe("parseArxivFeed on what arXiv's text looks like", () => {
  it('keeps a title of "0" (a real paper\'s) as the text "0"', () => {
    const [entry] = parseArxivFeed(withEntry("0", "An abstract.")).entries;
    expect(entry!.title).toBe("0");
  });

  it("joins hard-wrapped lines and their indentation, keeps paragraphs", () => {
    const [entry] = parseArxivFeed(
      withEntry(
        "A title that arXiv\n  wrapped over\n  three lines",
        "  The first line of an abstract\n  and its second line.\n\n  A second paragraph\nends here.\n",
      ),
    ).entries;
    expect(entry!.title).toBe("A title that arXiv wrapped over three lines");
    expect(entry!.abstract).toBe(
      "The first line of an abstract and its second line.\n\nA second paragraph ends here.",
    );
  });

  it("reads markup in text as text, and CDATA too", () => {
    const [entry] = parseArxivFeed(
      withEntry(
        "Bounds for &lt;b&gt;x&lt;/b&gt; &amp; y",
        "<![CDATA[An abstract with <i>tags</i> & more.]]>",
      ),
    ).entries;
    expect(entry!.title).toBe("Bounds for <b>x</b> & y");
    expect(entry!.abstract).toBe("An abstract with <i>tags</i> & more.");
  });
});

describe("parseArxivFeed on broken answers", () => {
  it("treats a cut body as worth asking again", () => {
    const body = recorded("1605.08386").body;
    expect(() => parseArxivFeed(body.slice(0, Math.floor(body.length / 2)))).toThrow(TransientBodyError);
  });

  it("treats an HTML page, an empty body and JSON as worth asking again", () => {
    for (const body of ["<html><body>Maintenance</body></html>", "", '{"error": "busy"}'])
      expect(() => parseArxivFeed(body)).toThrow(TransientBodyError);
  });

  it("does not expand entities declared in a DOCTYPE into a huge document", () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1605.08386v1</id><title>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</title></entry></feed>`;
    let title = "";
    try {
      title = parseArxivFeed(bomb).entries[0]?.title ?? "";
    } catch {
      // refusing the document is as good
    }
    expect(title.length).toBeLessThan(100_000);
  });
});

describe("entry ids and the query URL", () => {
  it("reads the id and version of an entry's <id>", () => {
    expect(parseEntryId("http://arxiv.org/abs/1605.08386v1")).toEqual({ id: "1605.08386", version: 1 });
    expect(parseEntryId("http://arxiv.org/abs/hep-th/0101001v12")).toEqual({
      id: "hep-th/0101001",
      version: 12,
    });
    expect(parseEntryId("http://arxiv.org/abs/1605.08386")).toEqual({ id: "1605.08386", version: null });
    expect(parseEntryId("https://arxiv.org/api/errors#incorrect_id_format_for_abc")).toBeNull();
    expect(parseEntryId("http://example.org/abs/1605.08386v1")).toBeNull();
    expect(parseEntryId("not a url")).toBeNull();
  });

  it("asks for one id, an old-style one's slash escaped", () => {
    expect(arxivQueryUrl("https://export.arxiv.org/api/query", "1605.08386")).toBe(
      "https://export.arxiv.org/api/query?id_list=1605.08386",
    );
    expect(arxivQueryUrl("http://127.0.0.1:9/api/query", "astro-ph/0601001")).toBe(
      "http://127.0.0.1:9/api/query?id_list=astro-ph%2F0601001",
    );
  });
});
