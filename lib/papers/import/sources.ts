import { z } from "zod";
import { formatZodError } from "@/lib/errors";
import { isoDateFromUtc, type IsoDate } from "../dates";
import { isoDateSchema, NO_EXTRAS, paperExtrasSchema, paperRecordSchema, type PaperRecord } from "../schemas";

// The two shapes an import file can have, each mapped to a PaperRecord.
// (1) The Hugging Face Daily Papers API: GET /api/daily_papers?date=D, an array
//     of entries whose fields grew over time (summary from 2025-03,
//     organization from 2025-10, ...), so nearly everything is optional.
// (2) JSON Lines of {id, title, abstract, authorCount, organization, date, upvotes, authors}.

export type MappedRecord = { ok: true; record: PaperRecord } | { ok: false; reason: string };

const isoTimestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
// A timestamp we can do without: anything unreadable counts as absent.
const looseTimestamp = z
  .unknown()
  .transform((v) => {
    const parsed = isoTimestamp.safeParse(v);
    return parsed.success ? parsed.data : null;
  })
  .optional();

const hfOrganizationSchema = z
  .object({ name: z.string().optional(), fullname: z.string().optional() })
  .nullish();

/** A value we can do without: one that does not fit its schema counts as absent, and the paper still comes in. */
function loose<T>(schema: z.ZodType<T>) {
  return z
    .unknown()
    .optional()
    .transform((v): T | null => {
      const parsed = schema.safeParse(v ?? null);
      return parsed.success ? parsed.data : null;
    });
}

const extras = paperExtrasSchema.shape;
const hfUserSchema = loose(z.object({ name: z.unknown(), fullname: z.unknown() }).partial());

const hfEntrySchema = z.object({
  paper: z.object(
    {
      id: z.string({ error: "is missing" }),
      title: z.string({ error: "is missing" }),
      summary: z.string().optional(),
      authors: z
        .array(z.object({ name: z.string().optional(), hidden: z.boolean().optional() }).passthrough())
        .default([]),
      publishedAt: looseTimestamp,
      submittedOnDailyAt: looseTimestamp,
      upvotes: z.number().int().min(0).optional(),
      organization: hfOrganizationSchema,
      githubRepo: loose(extras.githubRepo),
      githubStars: loose(extras.githubStars),
      projectPage: loose(extras.projectPage),
      ai_summary: loose(extras.aiSummary),
      ai_keywords: loose(extras.aiKeywords),
      discussionId: loose(extras.discussionId),
      submittedOnDailyBy: hfUserSchema,
    },
    { error: "is missing" },
  ),
  title: z.string().optional(),
  summary: z.string().optional(),
  publishedAt: looseTimestamp,
  organization: hfOrganizationSchema,
  numComments: loose(extras.numComments),
  submittedBy: hfUserSchema,
});

function describe(error: z.ZodError): string {
  return formatZodError(error);
}

/** An entry of the Daily Papers API. fileDate: the date in the file's name, which is the entry's feed date. */
export function mapHfEntry(value: unknown, fileDate: IsoDate | null): MappedRecord {
  const entry = hfEntrySchema.safeParse(value);
  if (!entry.success) return { ok: false, reason: describe(entry.error) };
  const { paper, ...e } = entry.data;
  const addedAt = paper.submittedOnDailyAt ?? e.publishedAt;
  const feedDate = fileDate ?? (addedAt ? isoDateFromUtc(addedAt) : null);
  if (!feedDate)
    return {
      ok: false,
      reason:
        "no feed date: the file name is not YYYY-MM-DD.json and the entry has no submittedOnDailyAt or publishedAt",
    };
  const org = e.organization ?? paper.organization;
  const submitter = e.submittedBy ?? paper.submittedOnDailyBy;
  const authors = paper.authors.map((a) => a.name).filter((n): n is string => !!n?.trim());
  return mapRecord({
    id: paper.id,
    title: paper.title,
    abstract: paper.summary ?? e.summary ?? "",
    authors,
    authorCount: paper.authors.length,
    orgHandle: org?.name ?? null,
    orgName: org?.fullname ?? null,
    feedDate,
    feedAddedAt: addedAt ?? new Date(`${feedDate}T00:00:00Z`),
    publishedAt: paper.publishedAt ?? null,
    sourceUpvotes: paper.upvotes ?? null,
    extras: {
      githubRepo: paper.githubRepo,
      githubStars: paper.githubStars,
      projectPage: paper.projectPage,
      aiSummary: paper.ai_summary,
      aiKeywords: paper.ai_keywords,
      submitterHandle: loose(extras.submitterHandle).parse(submitter?.name),
      submitterName: loose(extras.submitterName).parse(submitter?.fullname),
      numComments: e.numComments,
      discussionId: paper.discussionId,
      entryPublishedAt: e.publishedAt ?? null,
    },
  });
}

const jsonlRecordSchema = z.object({
  id: z.string({ error: "is missing" }),
  title: z.string({ error: "is missing" }),
  abstract: z.string().nullish(),
  authorCount: z.number().int().min(0).nullish(),
  authors: z.array(z.string()).nullish(),
  organization: z
    .union([z.string(), z.object({ name: z.string().optional(), fullname: z.string().optional() })])
    .nullish(),
  date: isoDateSchema,
  upvotes: z.number().int().min(0).nullish(),
  publishedAt: looseTimestamp.optional(),
});

export function mapJsonlRecord(value: unknown): MappedRecord {
  const parsed = jsonlRecordSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: describe(parsed.error) };
  const r = parsed.data;
  const org =
    typeof r.organization === "string" ? { name: r.organization, fullname: r.organization } : r.organization;
  return mapRecord({
    id: r.id,
    title: r.title,
    abstract: r.abstract ?? "",
    authors: r.authors ?? [],
    authorCount: r.authorCount ?? r.authors?.length ?? 0,
    orgHandle: org?.name ?? null,
    orgName: org?.fullname ?? null,
    feedDate: r.date,
    feedAddedAt: new Date(`${r.date}T00:00:00Z`),
    publishedAt: r.publishedAt ?? null,
    sourceUpvotes: r.upvotes ?? null,
    extras: NO_EXTRAS,
  });
}

function mapRecord(input: z.input<typeof paperRecordSchema>): MappedRecord {
  const parsed = paperRecordSchema.safeParse(input);
  return parsed.success ? { ok: true, record: parsed.data } : { ok: false, reason: describe(parsed.error) };
}
