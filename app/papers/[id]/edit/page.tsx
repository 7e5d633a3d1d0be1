// GET /papers/:arxivId/edit - admins edit a paper's fields
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { editPaperAction } from "@/app/actions/papers";
import { PaperForm } from "@/components/paper/paper-form";
import { getViewer } from "@/lib/auth/session";
import { findPaperByUrlId } from "@/lib/papers/paper";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit paper" };

type Props = { params: Promise<{ id: string }> };

export default async function EditPaperPage({ params }: Props) {
  const viewer = await getViewer();
  if (!viewer?.isAdmin) notFound();
  const paper = await findPaperByUrlId((await params).id, true);
  if (!paper) notFound();
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-2xl font-bold tracking-tight">Edit {paper.id}</h1>
      <PaperForm
        action={editPaperAction}
        mode="edit"
        values={{
          id: paper.id,
          title: paper.title,
          abstract: paper.abstract,
          authors: paper.authors.join("\n"),
          organization: paper.orgName ?? "",
        }}
      />
    </div>
  );
}
