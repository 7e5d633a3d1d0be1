import { z } from "zod";
import { hitRateLimit } from "@/lib/auth/rate-limit";
import { signToken, verifyToken } from "@/lib/auth/signed-tokens";
import { getEnv } from "@/lib/env";
import { AppError, formatZodError } from "@/lib/errors";
import { arxivClient, fetchArxivPaper } from "./arxiv";
import { todayUtc } from "./dates";
import { getPaper } from "./queries";
import {
  insertSubmittedPaper,
  setPaperHidden,
  updatePaperFields,
  type PaperFields,
} from "./moderation-queries";
import { abstractSchema, arxivReferenceSchema, authorNameSchema, LIMITS, titleSchema } from "./schemas";
import type { FormResult } from "@/lib/html/form-result";

// Readers add papers to today's feed, typing only an arXiv id if they like
// (the lookup fills in the rest); admins hide and edit them. Form input is
// validated here, with messages meant for the person who typed it.

const authorsFieldSchema = z
  .string()
  .max(LIMITS.authors * (LIMITS.authorNameChars + 2), `lists more than ${LIMITS.authors} authors`)
  .transform((s) =>
    s
      .split(/\r?\n|;|,(?![^()]*\))/)
      .map((a) => a.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(authorNameSchema)
      .min(1, "name at least one author")
      .max(LIMITS.authors, `lists more than ${LIMITS.authors} authors`),
  );

const paperFieldsSchema = z.object({
  title: z.string({ error: "is required" }).pipe(titleSchema),
  abstract: z
    .string({ error: "is required" })
    .pipe(abstractSchema)
    .pipe(z.string().min(20, "is too short to be an abstract")),
  authors: authorsFieldSchema,
  organization: z
    .string()
    .optional()
    .transform((s) => s?.trim() || null)
    .pipe(z.string().max(LIMITS.orgChars, `is longer than ${LIMITS.orgChars} characters`).nullable()),
});

export const submissionSchema = paperFieldsSchema.extend({
  id: arxivReferenceSchema,
});

const FORM_FIELDS = ["id", "title", "abstract", "authors", "organization"] as const;

/** What the person typed in the paper form, field by field. */
export type PaperFormValues = Partial<Record<(typeof FORM_FIELDS)[number], string>>;

/**
 * Every result carries the submitted values: React 19 resets a form after its
 * action, and the form shows these rather than blank fields (a failed
 * submission keeps a pasted abstract; a saved edit shows what was saved).
 */
export type PaperFormResult = FormResult<
  { id: string; values: PaperFormValues },
  { existingId?: string; values: PaperFormValues }
>;

// Sent back to the browser: bounded, though far above what validation lets through.
const ECHO_CHARS = LIMITS.abstractChars * 4;

export function paperFormValues(form: FormData): PaperFormValues {
  const values: PaperFormValues = {};
  for (const key of FORM_FIELDS) {
    const value = form.get(key);
    if (typeof value === "string") values[key] = value.slice(0, ECHO_CHARS);
  }
  return values;
}

function toFields(data: z.infer<typeof paperFieldsSchema>): PaperFields {
  return {
    title: data.title,
    abstract: data.abstract,
    authors: data.authors,
    orgHandle: data.organization,
    orgName: data.organization,
  };
}

/** A signed-in reader's submission: onto today's feed, in their name. */
export async function submitPaper(userId: string, form: FormData): Promise<PaperFormResult> {
  const values = paperFormValues(form);
  const parsed = submissionSchema.safeParse(values);
  if (!parsed.success) return { ok: false, error: formatZodError(parsed.error), values };
  try {
    await insertSubmittedPaper({
      ...toFields(parsed.data),
      id: parsed.data.id,
      feedDate: todayUtc(),
      submittedById: userId,
      publishedAt: lookedUpPublishedAt(form.get("lookup"), parsed.data.id),
    });
    return { ok: true, id: parsed.data.id, values };
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict")
      return { ok: false, error: error.message, existingId: parsed.data.id, values };
    throw error;
  }
}

export async function editPaper(id: string, form: FormData): Promise<PaperFormResult> {
  const values = paperFormValues(form);
  const parsed = paperFieldsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, error: formatZodError(parsed.error), values };
  await updatePaperFields(id, toFields(parsed.data));
  return { ok: true, id, values };
}

// ---- looking a paper up on arXiv ----------------------------------------------

/** Lookups a reader may make: each one is a request to arXiv, which asks to be called sparingly. */
export const ARXIV_LOOKUP_LIMIT = { hits: 30, windowSeconds: 3600 } as const;
// How long a lookup's token vouches for the publication date it carries.
const LOOKUP_TOKEN_SECONDS = 86_400;

export type LookedUpPaper = {
  id: string;
  title: string;
  abstract: string;
  /** One name a line, as the form takes them. */
  authors: string;
  /** ISO timestamp of arXiv's first version, when it gave one. */
  publishedAt: string | null;
};

/**
 * What a lookup came to. `input` is what was typed (the lookup field shows it
 * again). A failure with an `id` (no such paper, arXiv unreachable, over the
 * limit) leads to the form by hand, the id kept; one without (not an id) does not.
 */
export type ArxivLookupResult =
  | { ok: true; input: string; paper: LookedUpPaper; token: string }
  | { ok: false; input: string; error: string; id: string | null; existingId?: string };

/** A reader's lookup of an arXiv id or link: checked, rate limited, then asked of arXiv. */
export async function lookupArxivSubmission(userId: string, reference: unknown): Promise<ArxivLookupResult> {
  const input = typeof reference === "string" ? reference.slice(0, 300) : "";
  const parsed = arxivReferenceSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      input,
      id: null,
      error: input.trim()
        ? "That is not an arXiv id or link. Try 2405.15738, hep-th/0101001 or https://arxiv.org/abs/2405.15738."
        : "Type an arXiv id or link.",
    };
  }
  const id = parsed.data;
  if (await getPaper(id, { includeHidden: true }))
    return { ok: false, input, id, existingId: id, error: `${id} is already in the feed.` };

  const { hits, windowSeconds } = ARXIV_LOOKUP_LIMIT;
  const limit = await hitRateLimit(`arxiv-lookup:${userId}`, hits, windowSeconds);
  if (!limit.allowed) {
    const minutes = Math.ceil(limit.retryAfterSeconds / 60);
    return {
      ok: false,
      input,
      id,
      error: `You have looked up ${hits} papers in the last hour, the most we ask of arXiv for one reader. Try again in ${minutes} min, or fill in the form by hand.`,
    };
  }

  try {
    const entry = await fetchArxivPaper(arxivClient(), getEnv().ARXIV_API_URL, id);
    const publishedAt = entry.publishedAt?.toISOString() ?? null;
    return {
      ok: true,
      input,
      paper: {
        id: entry.id,
        title: entry.title,
        abstract: entry.abstract,
        authors: entry.authors.join("\n"),
        publishedAt,
      },
      token: signToken("arxiv-lookup", `${entry.id} ${publishedAt ?? ""}`, LOOKUP_TOKEN_SECONDS),
    };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, input, id, error: error.message };
    throw error;
  }
}

/** The publication date a lookup of this very id vouched for; null without a valid token. */
function lookedUpPublishedAt(token: FormDataEntryValue | null, id: string): Date | null {
  if (typeof token !== "string" || !token) return null;
  const verified = verifyToken("arxiv-lookup", token);
  if (!verified.ok) return null;
  const [tokenId, publishedAt] = verified.subject.split(" ");
  if (tokenId !== id || !publishedAt) return null;
  const date = new Date(publishedAt);
  return Number.isNaN(date.getTime()) ? null : date;
}

export async function hidePaper(id: string, hidden: boolean): Promise<void> {
  await setPaperHidden(id, hidden);
}
