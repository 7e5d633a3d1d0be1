import type { IsoDate } from "../dates";
import { TransientBodyError, UpstreamError, type PoliteClient } from "./polite-client";

// One day of the Daily Papers API, page by page: GET
// {base}/api/daily_papers?date=D&limit=100&p=N from p=0 until a page comes
// back short (100 is the most the API gives at once; p counts from 0). The
// day is returned only when every page has arrived, so it is applied whole
// or not at all. Hugging Face's API and Paperboy's own answer the same way.

export const DAILY_PAPERS_PAGE_SIZE = 100;
// A real day has well under 1,000 papers; a server that never sends a short
// page (it ignores p) must not keep us paging forever.
const MAX_PAGES = 50;

export type FetchedDay = { entries: unknown[]; pages: number; attempts: number };

export function dailyPapersUrl(base: string, date: IsoDate, page: number, pageSize: number): string {
  return `${base}/api/daily_papers?date=${date}&limit=${pageSize}&p=${page}`;
}

/** A page must be a JSON array; anything else (a cut body, an HTML error page) is asked for again. */
function parsePage(body: string, status: number): unknown[] {
  if (status !== 200) {
    const excerpt = body.replace(/\s+/g, " ").trim().slice(0, 200);
    throw new Error(`HTTP ${status}${excerpt ? `: ${excerpt}` : ""}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new TransientBodyError(`the answer is not JSON (${body.length} bytes, cut or garbled)`);
  }
  if (!Array.isArray(value)) throw new TransientBodyError("the answer is JSON but not an array of papers");
  return value;
}

function paperIdOf(entry: unknown): string | null {
  const paper = (entry as { paper?: { id?: unknown } } | null)?.paper;
  return typeof paper?.id === "string" ? paper.id : null;
}

export async function fetchDailyPapersDay(
  client: PoliteClient,
  base: string,
  date: IsoDate,
  pageSize = DAILY_PAPERS_PAGE_SIZE,
): Promise<FetchedDay> {
  const entries: unknown[] = [];
  const seen = new Set<string>();
  let attempts = 0;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES)
      throw new UpstreamError(`more than ${MAX_PAGES} full pages: the server seems to ignore p`, attempts);
    const { value, attempts: tries } = await client.get(
      dailyPapersUrl(base, date, page, pageSize),
      parsePage,
    );
    attempts += tries;
    let fresh = 0;
    for (const entry of value) {
      const id = paperIdOf(entry);
      if (id !== null) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      entries.push(entry);
      fresh += 1;
    }
    // A full page that brought nothing new: the server sent the same page again (it ignores p).
    if (value.length < pageSize || fresh === 0) return { entries, pages: page + 1, attempts };
  }
}
