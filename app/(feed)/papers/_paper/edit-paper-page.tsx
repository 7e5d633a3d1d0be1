// The admins' edit form of one paper, for both shapes of its URL (see paper-page.tsx).
import { notFound } from "next/navigation";
import { editPaperAction } from "@/lib/papers/actions";
import { AdminControls } from "@/components/paper/admin-controls";
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
      {paper.hidden ? (
        <p
          role="status"
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          Hidden: this paper is out of the feed, search and digests. Only admins see it, here.
        </p>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-2 text-sm">
        <AdminControls paperId={paper.id} hidden={paper.hidden} />
      </div>
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
