// GET /papers/{id}.md (rewritten here by proxy.ts) - the paper as Markdown (huggingface_hub's read_paper)
import { apiError, toErrorResponse } from "@/lib/errors";
import { getPaperMarkdown } from "@/lib/feed/papers-api";
import { arxivIdSchema } from "@/lib/papers/schemas";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const id = arxivIdSchema.safeParse(new URL(request.url).searchParams.get("id") ?? "");
    if (!id.success) return apiError("not_found", "Not an arXiv id: no such paper.");
    return new Response(await getPaperMarkdown(id.data), {
      headers: { "Content-Type": "text/markdown; charset=utf-8" },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
