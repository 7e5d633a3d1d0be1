import "server-only";
import { cache } from "react";
import { z } from "zod";
import { pageOf, pageWindow, type RankedPage } from "@/lib/feed/paging";
import { feedPageQuerySchema } from "@/lib/feed/periods";
import { authorPath, organizationPath } from "./paths";
import { getPapersBy, type PaperFilter } from "./queries";

// The pages of an author's papers (/authors/<name>) and of an organization's
// (/organizations/<handle>), ranked by upvotes like the feed.

export type PeopleKind = "author" | "organization";

export type PeopleView = RankedPage & {
  kind: PeopleKind;
  /** The author's name, or the organization's name (its handle when no paper names it). */
  name: string;
  path: string;
};

// A name as the source spells it (authors' names carry spaces, accents, dots);
// a handle as the Hub writes one.
const authorSchema = z.string().trim().min(1).max(300);
const handleSchema = z
  .string()
  .trim()
  .regex(/^[\w.-]{1,100}$/);

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** What a /authors/X or /organizations/X?p=N URL shows; null for a 404 (bad name, bad page, nobody's papers). */
export const loadPeoplePage = cache(
  async (
    kind: PeopleKind,
    segment: string,
    searchParams: Record<string, unknown>,
  ): Promise<PeopleView | null> => {
    const decoded = safeDecode(segment);
    const key = (kind === "author" ? authorSchema : handleSchema).safeParse(decoded);
    const query = feedPageQuerySchema.safeParse(searchParams);
    if (!key.success || !query.success) return null;
    const filter: PaperFilter = kind === "author" ? { author: key.data } : { orgHandle: key.data };
    const page = query.data.p;
    const { papers, total, orgName } = await getPapersBy(filter, pageWindow(page));
    const paging = pageOf(page, total);
    if (!total || !paging) return null;
    return {
      kind,
      name: kind === "author" ? key.data : (orgName ?? key.data),
      path: kind === "author" ? authorPath(key.data) : organizationPath(key.data),
      papers,
      total,
      ...paging,
    };
  },
);
