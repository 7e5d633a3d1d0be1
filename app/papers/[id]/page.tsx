// GET /papers/:arxivId - one paper
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminControls } from "@/components/paper/admin-controls";
import { PaperDetail } from "@/components/paper/paper-detail";
import { getViewer } from "@/lib/auth/session";
import { findPaperByUrlId } from "@/lib/papers/paper";
import { getVotedPaperIds } from "@/lib/papers/queries";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function load(urlId: string) {
  const viewer = await getViewer();
  const paper = await findPaperByUrlId(urlId, !!viewer?.isAdmin);
  return { viewer, paper };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { paper } = await load((await params).id);
  return paper ? { title: paper.title, description: paper.abstract.slice(0, 300) } : { title: "Paper not found" };
}

export default async function PaperPage({ params }: Props) {
  const { viewer, paper } = await load((await params).id);
  if (!paper) notFound();
  const voted = viewer ? (await getVotedPaperIds(viewer.id, [paper.id])).length > 0 : false;
  return (
    <PaperDetail
      paper={paper}
      voted={voted}
      signedIn={!!viewer}
      adminControls={viewer?.isAdmin ? <AdminControls paperId={paper.id} hidden={paper.hidden} /> : null}
    />
  );
}
