// GET /api/search/status - is this process's index ready (for start-up checks and the benchmarks)
import { getSearchStatus } from "@/lib/search";

export const dynamic = "force-dynamic";

export function GET(): Response {
  const { status, documents } = getSearchStatus();
  return Response.json({ status, documents });
}
