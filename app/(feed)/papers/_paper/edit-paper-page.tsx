// The admins' edit form of one paper, for both shapes of its URL (see paper-page.tsx).
import { notFound } from "next/navigation";
import { editPaperAction } from "@/lib/papers/actions";
import { PaperForm } from "@/components/paper/paper-form";
import { getViewer } from "@/lib/auth/session";
import { findPaperByUrlId } from "@/lib/papers/paper";

export async function EditPaperPage({ urlId }: { urlId: string }) {
  const viewer = await getViewer();
  if (!viewer?.isAdmin) notFound();
  const paper = await findPaperByUrlId(urlId, true);
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
