import { cache } from "react";
import { arxivIdSchema } from "./schemas";
import { getPaper, type FeedPaper } from "./queries";

/**
 * The paper a /papers/:id URL names: null for a malformed or unknown id (a 404).
 * Hidden papers only for admins. Cached per request: the page and its metadata both ask.
 */
export const findPaperByUrlId = cache(
  async (urlId: string, includeHidden = false): Promise<FeedPaper | null> => {
    const id = arxivIdSchema.safeParse(safeDecode(urlId));
    return id.success ? getPaper(id.data, { includeHidden }) : null;
  },
);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
