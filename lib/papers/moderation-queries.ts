import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { utcFromIsoDate, type IsoDate } from "./dates";

// Readers' submissions and what admins do to papers: hide, edit.

export type PaperFields = {
  title: string;
  abstract: string;
  authors: string[];
  orgHandle: string | null;
  orgName: string | null;
};

/** Adds a reader's paper to the given day. An id already in the feed (even hidden) is a conflict. */
export async function insertSubmittedPaper(
  input: PaperFields & { id: string; feedDate: IsoDate; submittedById: string; publishedAt?: Date | null },
): Promise<void> {
  try {
    await db().paper.create({
      data: {
        id: input.id,
        title: input.title,
        abstract: input.abstract,
        authors: input.authors,
        authorCount: input.authors.length,
        orgHandle: input.orgHandle,
        orgName: input.orgName,
        feedDate: utcFromIsoDate(input.feedDate),
        feedAddedAt: new Date(),
        publishedAt: input.publishedAt ?? null,
        submittedById: input.submittedById,
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      throw new AppError({ code: "conflict", message: `${input.id} is already in the feed.` });
    throw error;
  }
}

export async function setPaperHidden(id: string, hidden: boolean): Promise<void> {
  const { count } = await db().paper.updateMany({ where: { id }, data: { hidden, updatedAt: new Date() } });
  if (!count) throw new AppError({ code: "not_found", message: `No paper ${id}.` });
}

export async function updatePaperFields(id: string, fields: PaperFields): Promise<void> {
  const { count } = await db().paper.updateMany({
    where: { id },
    data: { ...fields, authorCount: fields.authors.length, updatedAt: new Date() },
  });
  if (!count) throw new AppError({ code: "not_found", message: `No paper ${id}.` });
}
