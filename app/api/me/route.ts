// GET /api/me?papers=ID,ID,... - the reader (or null), their votes among those papers, their digest: never cached.
// Without a session cookie our web server answers before Next (lib/server/signed-out-reader.ts).
import { getReaderState } from "@/lib/auth/reader";
import { readerQuerySchema } from "@/lib/auth/schemas";
import { getViewer } from "@/lib/auth/session";
import { toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

const PRIVATE = { "Cache-Control": "private, no-store" };

export async function GET(request: Request): Promise<Response> {
  try {
    const query = readerQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(await getReaderState(await getViewer(), query.papers), { headers: PRIVATE });
  } catch (error) {
    const response = toErrorResponse(error);
    response.headers.set("Cache-Control", PRIVATE["Cache-Control"]);
    return response;
  }
}
