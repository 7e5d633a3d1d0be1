"use server";
// Server actions on papers: votes, arXiv lookups and submissions, moderation. Next checks each
// action's Origin against the host, which is what protects them from CSRF.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { setVote } from "@/lib/papers/vote-queries";
import { arxivIdSchema } from "@/lib/papers/schemas";
import {
  editPaper,
  hidePaper,
  lookupArxivSubmission,
  paperFormValues,
  submitPaper,
  type ArxivLookupResult,
  type PaperFormResult,
} from "@/lib/papers/submissions";
import { applyPaperChanges } from "@/lib/search";

const voteInputSchema = z.object({ paperId: arxivIdSchema, on: z.boolean() });

export type VoteResult =
  { ok: true; voted: boolean; upvotes: number } | { ok: false; error: string; signIn?: boolean };

export async function voteAction(input: unknown): Promise<VoteResult> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, error: "Sign in to upvote.", signIn: true };
  const parsed = voteInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "That is not a paper." };
  try {
    const result = await setVote(viewer.id, parsed.data.paperId, parsed.data.on);
    // Upvotes rank and filter search results: this process's index sees the vote at once, others within seconds.
    await applyPaperChanges([parsed.data.paperId]);
    return { ok: true, ...result };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

export async function lookupArxivAction(
  _previous: ArxivLookupResult | null,
  form: FormData,
): Promise<ArxivLookupResult> {
  const viewer = await getViewer();
  const reference = form.get("reference");
  if (!viewer) {
    const input = typeof reference === "string" ? reference.slice(0, 300) : "";
    return { ok: false, input, id: null, error: "Sign in to look up a paper." };
  }
  return lookupArxivSubmission(viewer.id, reference);
}

export async function submitPaperAction(
  _previous: PaperFormResult | null,
  form: FormData,
): Promise<PaperFormResult> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, error: "Sign in to submit a paper.", values: paperFormValues(form) };
  const result = await submitPaper(viewer.id, form);
  if (result.ok) {
    await applyPaperChanges([result.id]);
    revalidatePath("/");
  }
  return result;
}

export async function editPaperAction(
  _previous: PaperFormResult | null,
  form: FormData,
): Promise<PaperFormResult> {
  const viewer = await getViewer();
  const values = paperFormValues(form);
  if (!viewer?.isAdmin) return { ok: false, error: "Only admins can edit papers.", values };
  const id = arxivIdSchema.safeParse(form.get("id"));
  if (!id.success) return { ok: false, error: "That is not a paper.", values };
  try {
    const result = await editPaper(id.data, form);
    if (result.ok) await applyPaperChanges([id.data]);
    return result;
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message, values };
    throw error;
  }
}

export type HideResult = { ok: true; id: string } | { ok: false; error: string };

export async function setHiddenAction(_previous: HideResult | null, form: FormData): Promise<HideResult> {
  const viewer = await getViewer();
  if (!viewer?.isAdmin) return { ok: false, error: "Only admins can hide papers." };
  const id = arxivIdSchema.safeParse(form.get("id"));
  if (!id.success) return { ok: false, error: "That is not a paper." };
  const hidden = form.get("hidden") === "true";
  await hidePaper(id.data, hidden);
  await applyPaperChanges([id.data]);
  // The paper page is the same for every reader, so a hidden paper is not found there: the
  // admin goes on to its edit page, which shows it, says it is hidden, and can unhide it.
  if (hidden) redirect(`/papers/${id.data}/edit`);
  revalidatePath(`/papers/${id.data}/edit`);
  return { ok: true, id: id.data };
}
