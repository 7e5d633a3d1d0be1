import { z } from "zod";
import { parseIsoDate, type IsoDate } from "./dates";

// What a paper is allowed to be, wherever it comes from (an import file, a
// submission form, a URL). Limits are generous for real papers and stop
// garbage: the longest real title in our data is 226 characters, the most
// authors 664, the longest abstract about 3,000 characters.

export const LIMITS = {
  titleChars: 1_000,
  abstractChars: 20_000,
  authors: 4_000,
  authorNameChars: 300,
  orgChars: 200,
  urlChars: 500,
  aiSummaryChars: 3_000,
  aiKeywords: 60,
  aiKeywordChars: 120,
  submitterChars: 200,
} as const;

// arXiv ids come in two forms: YYMM.NNNNN since April 2007 (4 digits after
// the dot until 2014), and archive[.XX]/YYMMNNN before (hep-th/0101001,
// math.GT/0309136). The subject class (.GT) is not part of the id: arXiv
// answers math/0309136 for math.GT/0309136, so it is dropped, as is any
// version (v2): Paperboy lists a paper, not a version of it.
const MODERN_ID = /^\d{4}\.\d{4,5}$/;
const OLD_STYLE_ID = /^([a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{2})?\/(\d{7})$/;
const ID_MESSAGE = "is not an arXiv id like 2405.15738 or hep-th/0101001";

/** The canonical form of an arXiv id (prefix arXiv: and version allowed), or null. */
export function canonicalArxivId(text: string): string | null {
  const bare = text
    .trim()
    .replace(/^arxiv:/i, "")
    .replace(/v\d+$/, "");
  if (MODERN_ID.test(bare)) return bare;
  const old = OLD_STYLE_ID.exec(bare);
  return old ? `${old[1]}/${old[2]}` : null;
}

/** An arXiv identifier, modern or old-style, as stored: 2405.15738, hep-th/0101001. */
export const arxivIdSchema = z
  .string()
  .max(100, ID_MESSAGE)
  .transform((s, ctx) => {
    const id = canonicalArxivId(s);
    if (id === null) {
      ctx.addIssue({ code: "custom", message: ID_MESSAGE });
      return z.NEVER;
    }
    return id;
  });

const ARXIV_HOST = /^(?:[\w-]+\.)*arxiv\.org$/i;
const ARXIV_PAGE = /^\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?\/?$/;

/**
 * What a reader may paste for a paper: an id (2604.12345, 2604.12345v2,
 * arXiv:2604.12345, hep-th/0101001) or an arXiv abstract, PDF or HTML link
 * (https://arxiv.org/abs/..., /pdf/....pdf). The canonical id comes out.
 */
export const arxivReferenceSchema = z
  .string({ error: "is required" })
  .trim()
  .min(1, "is required: an arXiv id or link")
  .max(300, ID_MESSAGE)
  .transform((s, ctx) => {
    const id = canonicalArxivId(s) ?? canonicalArxivId(arxivPathOf(s) ?? "");
    if (id === null) {
      ctx.addIssue({ code: "custom", message: ID_MESSAGE });
      return z.NEVER;
    }
    return id;
  });

/** The id part of an arXiv link's path, or null for anything that is not an arXiv abs/pdf/html link. */
function arxivPathOf(text: string): string | null {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (!["http:", "https:"].includes(url.protocol) || !ARXIV_HOST.test(url.hostname)) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  return ARXIV_PAGE.exec(path)?.[1] ?? null;
}

export const isoDateSchema = z.string({ error: "is missing" }).transform((s, ctx): IsoDate => {
  const date = parseIsoDate(s);
  if (!date) {
    ctx.addIssue({ code: "custom", message: `"${s.slice(0, 40)}" is not a calendar day (YYYY-MM-DD)` });
    return z.NEVER;
  }
  return date;
});

/** Collapses runs of whitespace, drops control characters and unpaired surrogates: Postgres text cannot hold NUL. */
export function cleanText(text: string, { keepParagraphs = false } = {}): string {
  const noControls = text.toWellFormed().replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "");
  if (!keepParagraphs) return noControls.replace(/\s+/g, " ").trim();
  return noControls
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n\n");
}

export const titleSchema = z
  .string()
  .max(LIMITS.titleChars * 4, `is longer than ${LIMITS.titleChars} characters`)
  .transform((s) => cleanText(s))
  .pipe(
    z.string().min(1, "is empty").max(LIMITS.titleChars, `is longer than ${LIMITS.titleChars} characters`),
  );

export const abstractSchema = z
  .string()
  .max(LIMITS.abstractChars * 4, `is longer than ${LIMITS.abstractChars} characters`)
  .transform((s) => cleanText(s, { keepParagraphs: true }))
  .pipe(z.string().max(LIMITS.abstractChars, `is longer than ${LIMITS.abstractChars} characters`));

// A name past the limit is a source's glitch (seen: five names run together),
// not a reason to lose the paper: it is cut, visibly.
export const authorNameSchema = z
  .string()
  .transform((s) => cleanText(s))
  .transform((s) => (s.length > LIMITS.authorNameChars ? `${s.slice(0, LIMITS.authorNameChars - 1)}…` : s))
  .pipe(z.string().min(1, "an author name is empty"));

export const authorsSchema = z
  .array(authorNameSchema)
  .max(LIMITS.authors, `more than ${LIMITS.authors} authors`);

const orgTextSchema = z
  .string()
  .transform((s) => cleanText(s))
  .pipe(z.string().max(LIMITS.orgChars));

/** Links become href attributes: only http(s), so a javascript: URL from a source never reaches a page. */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(LIMITS.urlChars)
  .refine((s) => {
    try {
      return ["http:", "https:"].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, "is not an http(s) URL");

/**
 * What the Daily Papers API carries beside the paper. Each is null when a
 * source has none (and the stored value is kept); a source's malformed value
 * is dropped rather than costing the paper (see lib/papers/import/sources.ts).
 */
export const paperExtrasSchema = z.object({
  githubRepo: httpUrlSchema.nullable(),
  githubStars: z.number().int().min(0).max(100_000_000).nullable(),
  projectPage: httpUrlSchema.nullable(),
  aiSummary: z
    .string()
    .transform((s) => cleanText(s))
    .pipe(z.string().max(LIMITS.aiSummaryChars))
    .transform((s) => s || null)
    .nullable(),
  aiKeywords: z
    .array(
      z
        .string()
        .transform((s) => cleanText(s))
        .pipe(z.string().max(LIMITS.aiKeywordChars)),
    )
    .max(LIMITS.aiKeywords)
    .transform((list) => [...new Set(list.filter(Boolean))])
    .nullable(),
  submitterHandle: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]{0,95}$/)
    .nullable(),
  submitterName: z
    .string()
    .transform((s) => cleanText(s))
    .pipe(z.string().max(LIMITS.submitterChars))
    .transform((s) => s || null)
    .nullable(),
  numComments: z.number().int().min(0).max(10_000_000).nullable(),
  discussionId: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .nullable(),
  entryPublishedAt: z.date().nullable(),
});

export type PaperExtras = z.output<typeof paperExtrasSchema>;

export const NO_EXTRAS: PaperExtras = {
  githubRepo: null,
  githubStars: null,
  projectPage: null,
  aiSummary: null,
  aiKeywords: null,
  submitterHandle: null,
  submitterName: null,
  numComments: null,
  discussionId: null,
  entryPublishedAt: null,
};

/** The normalised paper every import source produces and the database stores. */
export const paperRecordSchema = z
  .object({
    id: arxivIdSchema,
    title: titleSchema,
    abstract: abstractSchema,
    authors: authorsSchema,
    authorCount: z.number().int().min(0).max(100_000),
    orgHandle: orgTextSchema.nullable(),
    orgName: orgTextSchema.nullable(),
    feedDate: isoDateSchema,
    feedAddedAt: z.date(),
    publishedAt: z.date().nullable(),
    sourceUpvotes: z.number().int().min(0).max(10_000_000).nullable(),
    extras: paperExtrasSchema,
  })
  .transform((p) => ({
    ...p,
    // A list can be cut short by its source, never longer than its count.
    authorCount: Math.max(p.authorCount, p.authors.length),
    orgHandle: p.orgHandle || p.orgName || null,
    orgName: p.orgName || p.orgHandle || null,
  }));

export type PaperRecord = z.output<typeof paperRecordSchema>;
