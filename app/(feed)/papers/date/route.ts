// GET /papers/date?date=YYYY-MM-DD - the day picker's form (works without JavaScript): to the nearest day
// with papers; without a date, to the latest day (the front page)
import { z } from "zod";
import { nearestDayPath } from "@/lib/feed/feed";
import { toErrorResponse } from "@/lib/errors";

const querySchema = z.object({ date: z.string().trim().max(20).optional() });

export async function GET(request: Request) {
  try {
    const url = new URL(request.url);
    const query = querySchema.safeParse({ date: url.searchParams.get("date") ?? undefined });
    const path = query.success ? await nearestDayPath(query.data.date || null) : null;
    if (!path)
      return new Response("Not a calendar day: write it as YYYY-MM-DD, e.g. 2026-03-31.\n", {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    // Relative to this request's own origin, so a proxy in front keeps its host.
    return new Response(null, { status: 303, headers: { Location: path } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
