// GET /api/me's address, shared by the browser that asks and the route that answers.

/** A feed page shows at most 50 papers (two lists on a thin front page): 100 leaves room and bounds the query. */
export const MAX_READER_PAPERS = 100;

export function readerStatePath(paperIds: readonly string[]): string {
  return paperIds.length ? `/api/me?papers=${paperIds.map(encodeURIComponent).join(",")}` : "/api/me";
}
