import "server-only";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatDisplayDate } from "@/lib/papers/dates";
import { getPaper, getPapersByIds, type FeedPaper } from "@/lib/papers/queries";
import { searchPapers } from "@/lib/search";
import { toApiItem, type ApiItem } from "./api";

// The rest of the Hugging Face papers API, in the Hub's shapes, so its
// clients (huggingface_hub's paper_info, list_papers, read_paper) work
// against Paperboy: GET /api/papers/{id}, GET /api/papers/search?q=&limit=,
// GET /papers/{id}.md.

export const PAPER_SEARCH_MAX_LIMIT = 100;

/** The paper object, as in a Daily Papers entry's `paper`, with its comment count. */
export type ApiPaper = ApiItem["paper"] & { numComments: number };

async function visiblePaperOrThrow(id: string): Promise<FeedPaper> {
  const paper = await getPaper(id);
  if (!paper) throw new AppError({ code: "not_found", message: `No paper ${id} in the feed.` });
  return paper;
}

export async function getApiPaper(id: string): Promise<ApiPaper> {
  const item = toApiItem(await visiblePaperOrThrow(id));
  return { ...item.paper, numComments: item.numComments };
}

/** Search results as Daily Papers entries, best first, from this process's index. */
export async function searchApiPapers(q: string, limit: number): Promise<ApiItem[]> {
  const result = searchPapers({ q, sort: "relevance", page: 1, limit });
  if (result.status !== "ready")
    throw new AppError({
      code: "unavailable",
      message: "The search index is warming up. Try again in a few seconds.",
    });
  return (await getPapersByIds(result.hits.map((h) => h.id))).map(toApiItem);
}

/** The paper page as Markdown: title, authors, organization, abstract, links. */
export async function getPaperMarkdown(id: string): Promise<string> {
  const p = await visiblePaperOrThrow(id);
  const x = p.extras;
  const lines = [`# ${oneLine(p.title)}`, ""];
  const authors = p.authors.length ? p.authors.map(oneLine).join(", ") : null;
  const more = p.authorCount - p.authors.length;
  lines.push(
    `**Authors:** ${authors ?? `${p.authorCount} authors`}${authors && more > 0 ? `, and ${more} more` : ""}`,
  );
  if (p.orgName) lines.push(`**Organization:** ${oneLine(p.orgName)}`);
  lines.push(`**In the feed:** ${formatDisplayDate(p.feedDate)} · ${p.upvotes} upvotes`);
  if (p.publishedAt) lines.push(`**Published on arXiv:** ${p.publishedAt.toISOString().slice(0, 10)}`);
  lines.push("", "## Abstract", "", p.abstract || "No abstract.");
  if (x.aiSummary) lines.push("", "## AI summary (machine-written)", "", x.aiSummary);
  if (x.aiKeywords?.length) lines.push("", `**Keywords:** ${x.aiKeywords.map(oneLine).join(", ")}`);
  lines.push(
    "",
    "## Links",
    "",
    `- Paper page: ${appUrl()}/papers/${p.id}`,
    `- arXiv: https://arxiv.org/abs/${p.id}`,
    `- PDF: https://arxiv.org/pdf/${p.id}`,
  );
  if (x.githubRepo)
    lines.push(`- Code: ${x.githubRepo}${x.githubStars !== null ? ` (${x.githubStars} stars)` : ""}`);
  if (x.projectPage) lines.push(`- Project page: ${x.projectPage}`);
  return `${lines.join("\n")}\n`;
}

/** Imported text in a Markdown line: one line, so a title cannot start a heading or a list of its own. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
