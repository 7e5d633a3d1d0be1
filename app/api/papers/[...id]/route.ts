// GET /api/papers/{id} - one paper in the Hub's shape (huggingface_hub's paper_info)
import { apiError, toErrorResponse } from "@/lib/errors";
import { getApiPaper } from "@/lib/feed/papers-api";
import { arxivIdSchema } from "@/lib/papers/schemas";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string[] }> };

export async function GET(_request: Request, context: Context): Promise<Response> {
  try {
    const id = arxivIdSchema.safeParse((await context.params).id.join("/"));
    if (!id.success) return apiError("not_found", "Not an arXiv id: no such paper.");
    return Response.json(await getApiPaper(id.data));
  } catch (error) {
    return toErrorResponse(error);
  }
}
