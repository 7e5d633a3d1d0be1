// GET /api/search?q=&from=&to=&org=&min_upvotes=&sort=&limit=&p= - ranked results with highlights.
// `npm start` answers it before Next, from the same function (lib/server/search-answer.ts).
import { answerSearchQuery } from "@/lib/search/api";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const { status, json, headers } = answerSearchQuery(new URL(request.url).searchParams);
  return new Response(json, { status, headers: { "Content-Type": "application/json", ...headers } });
}
