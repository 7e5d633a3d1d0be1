import { describe, expect, it } from "vitest";
import { arxivIdSchema, arxivReferenceSchema, canonicalArxivId } from "@/lib/papers/schemas";

// Every way a reader writes an arXiv paper, and what Paperboy stores for it.

const references: [string, string][] = [
  ["2604.12345", "2604.12345"],
  ["2604.12345v2", "2604.12345"],
  ["  2604.12345v12  ", "2604.12345"],
  ["arXiv:2604.12345", "2604.12345"],
  ["arxiv:2604.12345v3", "2604.12345"],
  ["0704.0001", "0704.0001"],
  ["1605.08386", "1605.08386"],
  ["https://arxiv.org/abs/2604.12345", "2604.12345"],
  ["https://arxiv.org/abs/2604.12345v2", "2604.12345"],
  ["http://arxiv.org/abs/2604.12345?context=cs", "2604.12345"],
  ["https://arxiv.org/pdf/2604.12345", "2604.12345"],
  ["https://arxiv.org/pdf/2604.12345v2.pdf", "2604.12345"],
  ["https://arxiv.org/pdf/2604.12345.pdf", "2604.12345"],
  ["https://arxiv.org/html/2604.12345v1", "2604.12345"],
  ["https://export.arxiv.org/abs/2604.12345", "2604.12345"],
  ["https://www.arxiv.org/abs/2604.12345/", "2604.12345"],
  ["arxiv.org/abs/2604.12345", "2604.12345"],
  ["hep-th/0101001", "hep-th/0101001"],
  ["astro-ph/0601001", "astro-ph/0601001"],
  ["quant-ph/0201082v1", "quant-ph/0201082"],
  ["arXiv:hep-th/0101001v3", "hep-th/0101001"],
  ["math.GT/0309136", "math/0309136"],
  ["cs.AI/0101001", "cs/0101001"],
  ["https://arxiv.org/abs/hep-th/0101001", "hep-th/0101001"],
  ["https://arxiv.org/abs/quant-ph/0201082v1", "quant-ph/0201082"],
  ["https://arxiv.org/pdf/astro-ph/0601001v1.pdf", "astro-ph/0601001"],
  ["https://arxiv.org/abs/math.GT/0309136", "math/0309136"],
  ["https://arxiv.org/abs/hep-th%2F0101001", "hep-th/0101001"],
];

const junk = [
  "",
  "   ",
  "abc",
  "2604.123",
  "2604.123456",
  "26041.2345",
  "2604-12345",
  "2604.12345v",
  "2604.12345vv2",
  "v2",
  "arXiv:",
  "hep-th/010100",
  "hep-th/01010011",
  "HEP-TH/0101001",
  "hep_th/0101001",
  "math.gt/0309136",
  "math.GTX/0309136",
  "/0101001",
  "hep-th/",
  "../../etc/passwd",
  "2604.12345/edit",
  "https://example.org/abs/2604.12345",
  "https://arxiv.org.example.org/abs/2604.12345",
  "https://arxiv.org/list/cs.AI/recent",
  "https://arxiv.org/abs/",
  "https://arxiv.org/abs/abc",
  "javascript:alert(1)//arxiv.org/abs/2604.12345",
  "ftp://arxiv.org/abs/2604.12345",
  "https://arxiv.org/abs/%E0%A4%A",
  "2604.12345 2604.12346",
  "2604.12345,1605.08386",
  "x".repeat(10_000),
];

describe("arXiv references a reader may type", () => {
  it.each(references)("%s is %s", (input, id) => {
    expect(arxivReferenceSchema.parse(input)).toBe(id);
  });

  it.each(junk.map((j) => [j.length > 60 ? `${j.slice(0, 10)}… (${j.length} characters)` : j, j]))(
    "refuses %j",
    (_name, input) => {
      expect(arxivReferenceSchema.safeParse(input).success).toBe(false);
    },
  );

  it("says what an id looks like", () => {
    const parsed = arxivReferenceSchema.safeParse("abc");
    expect(parsed.error?.issues[0]?.message).toBe("is not an arXiv id like 2405.15738 or hep-th/0101001");
    expect(arxivReferenceSchema.safeParse("").error?.issues[0]?.message).toMatch(/is required/);
  });
});

describe("stored ids (imports, URLs, votes)", () => {
  it("accepts both forms, drops the version and arXiv: prefix, and keeps them canonical", () => {
    expect(arxivIdSchema.parse("2405.15738v2")).toBe("2405.15738");
    expect(arxivIdSchema.parse("arXiv:hep-th/0101001v1")).toBe("hep-th/0101001");
    expect(arxivIdSchema.parse("math.GT/0309136")).toBe("math/0309136");
    expect(canonicalArxivId("astro-ph/0601001")).toBe("astro-ph/0601001");
  });

  it("takes no links: a link is for the submit form only", () => {
    expect(arxivIdSchema.safeParse("https://arxiv.org/abs/2405.15738").success).toBe(false);
    expect(arxivIdSchema.safeParse("hep-th/0101001/edit").success).toBe(false);
    expect(arxivIdSchema.safeParse(42).success).toBe(false);
  });
});
