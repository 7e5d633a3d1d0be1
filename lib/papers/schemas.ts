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

/** A modern arXiv identifier (YYMM.NNNNN), any version suffix dropped. */
export const arxivIdSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/^arxiv:/i, "").replace(/v\d+$/, ""))
  .pipe(z.string().regex(/^\d{4}\.\d{4,5}$/, "is not an arXiv id like 2405.15738"));

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
