import { DAY_MS, type IsoDate } from "@/lib/papers/dates";
import type { SearchDocument } from "./options";
import type { SearchRow } from "./queries";

// Paper rows to index documents. The stored fields are what the filters and
// sorts read per hit: a day number, the upvotes, the organization handle.

/** Whole days since 1970-01-01 of a feed date (a DATE column arrives as UTC midnight). */
export function dayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export function dayNumberOfIsoDate(date: IsoDate): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Organization handles compare without case: "Qwen" and "qwen" are one filter. */
export function normalizeOrgHandle(handle: string | null | undefined): string {
  return (handle ?? "").trim().toLowerCase();
}

export function toSearchDocument(row: Omit<SearchRow, "hidden" | "updatedAt">): SearchDocument {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: row.authors.join("\n"),
    organization: [row.orgName, row.orgHandle].filter(Boolean).join("\n"),
    day: dayNumber(row.feedDate),
    upvotes: row.upvotes,
    org: normalizeOrgHandle(row.orgHandle),
  };
}
