import { DAY_MS, type IsoDate } from "@/lib/papers/dates";
import type { SearchCard } from "./cards";
import type { SearchDocument } from "./options";
import { organizationKey, organizationText } from "./organizations";
import type { SearchRow } from "./queries";

// Paper rows to index documents and result cards. The stored fields are what
// the filters and sorts read per hit: a day number, the upvotes, the
// organization (handle and name); the card is what a result shows.

/** Whole days since 1970-01-01 of a feed date (a DATE column arrives as UTC midnight). */
export function dayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export function dayNumberOfIsoDate(date: IsoDate): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function toSearchDocument(
  row: Omit<SearchRow, "hidden" | "updatedAt" | "authorCount">,
): SearchDocument {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: row.authors.join("\n"),
    organization: organizationText(row.orgName, row.orgHandle),
    day: dayNumber(row.feedDate),
    upvotes: row.upvotes,
    org: organizationKey(row.orgHandle, row.orgName),
  };
}

export function toSearchCard(
  row: Pick<SearchRow, "title" | "abstract" | "orgHandle" | "orgName" | "authorCount">,
): SearchCard {
  return {
    title: row.title,
    abstract: row.abstract,
    orgHandle: row.orgHandle,
    orgName: row.orgName,
    authorCount: row.authorCount,
  };
}
