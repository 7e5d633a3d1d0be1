import { z } from "zod";
import { AppError, formatZodError } from "@/lib/errors";
import { todayUtc } from "./dates";
import { insertSubmittedPaper, setPaperHidden, updatePaperFields, type PaperFields } from "./queries";
import { abstractSchema, arxivIdSchema, authorNameSchema, LIMITS, titleSchema } from "./schemas";

// Readers add papers to today's feed; admins hide and edit them. Form input
// is validated here, with messages meant for the person who typed it.

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
  id: z.string({ error: "is required" }).pipe(arxivIdSchema),
});

export type FormResult = { ok: true; id: string } | { ok: false; error: string; existingId?: string };

function toFields(data: z.infer<typeof paperFieldsSchema>): PaperFields {
  return {
    title: data.title,
    abstract: data.abstract,
    authors: data.authors,
    orgHandle: data.organization,
    orgName: data.organization,
  };
}

function formValues(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of ["id", "title", "abstract", "authors", "organization"]) {
    const value = form.get(key);
    if (typeof value === "string") values[key] = value;
  }
  return values;
}

/** A signed-in reader's submission: onto today's feed, in their name. */
export async function submitPaper(userId: string, form: FormData): Promise<FormResult> {
  const parsed = submissionSchema.safeParse(formValues(form));
  if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) };
  try {
    await insertSubmittedPaper({
      ...toFields(parsed.data),
      id: parsed.data.id,
      feedDate: todayUtc(),
      submittedById: userId,
    });
    return { ok: true, id: parsed.data.id };
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict")
      return { ok: false, error: error.message, existingId: parsed.data.id };
    throw error;
  }
}

export async function editPaper(id: string, form: FormData): Promise<FormResult> {
  const parsed = paperFieldsSchema.safeParse(formValues(form));
  if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) };
  await updatePaperFields(id, toFields(parsed.data));
  return { ok: true, id };
}

export async function hidePaper(id: string, hidden: boolean): Promise<void> {
  await setPaperHidden(id, hidden);
}
