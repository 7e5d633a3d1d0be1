// GET /api/daily_papers?date=|week=|month=&limit=&p=&sort=trending|publishedAt - the Daily Papers API's shape
import { dailyPapersQuerySchema, listDailyPapers } from "@/lib/feed/api";
import { toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const query = dailyPapersQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(await listDailyPapers(query));
  } catch (error) {
    return toErrorResponse(error);
  }
}
