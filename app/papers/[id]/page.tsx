// GET /papers/:arxivId - one paper
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminControls } from "@/components/paper/admin-controls";
import { PaperDetail } from "@/components/paper/paper-detail";
import { SimilarPapers } from "@/components/paper/similar-papers";
import { getViewer } from "@/lib/auth/session";
import { findPaperByUrlId } from "@/lib/papers/paper";
import { getPapersByIds, getVotedPaperIds } from "@/lib/papers/queries";
import { isolateText } from "@/lib/text/bidi";
import { similarPapers } from "@/lib/search";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function load(urlId: string) {
  const viewer = await getViewer();
  const paper = await findPaperByUrlId(urlId, !!viewer?.isAdmin);
  return { viewer, paper };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { paper } = await load((await params).id);
  return paper
    ? { title: isolateText(paper.title), description: isolateText(paper.abstract.slice(0, 300)) }
    : { title: "Paper not found" };
}

export default async function PaperPage({ params }: Props) {
  const { viewer, paper } = await load((await params).id);
  if (!paper) notFound();
  const [votes, similarHits] = await Promise.all([
    viewer ? getVotedPaperIds(viewer.id, [paper.id]) : [],
    similarPapers(paper.id, 5),
  ]);
  const similar = await getPapersByIds(similarHits.map((h) => h.id));
  return (
    <>
      <PaperDetail
        paper={paper}
        voted={votes.length > 0}
        signedIn={!!viewer}
        adminControls={viewer?.isAdmin ? <AdminControls paperId={paper.id} hidden={paper.hidden} /> : null}
      />
      <SimilarPapers papers={similar} />
    </>
  );
}
