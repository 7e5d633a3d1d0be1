// One paper's page, for both shapes of its URL: /papers/2405.15738 and, for
// an old-style id, /papers/hep-th/0101001 (the id's slash is a path segment).
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminControls } from "@/components/paper/admin-controls";
import { PaperDetail } from "@/components/paper/paper-detail";
import { SimilarPapers } from "@/components/paper/similar-papers";
import { getViewer } from "@/lib/auth/session";
import { paperPageMetadata } from "@/lib/html/metadata";
import { findPaperByUrlId } from "@/lib/papers/paper";
import { getPapersByIds } from "@/lib/papers/queries";
import { getVotedPaperIds } from "@/lib/papers/vote-queries";
import { similarPapers } from "@/lib/search";

async function load(urlId: string) {
  const viewer = await getViewer();
  const paper = await findPaperByUrlId(urlId, !!viewer?.isAdmin);
  return { viewer, paper };
}

export async function paperMetadata(urlId: string): Promise<Metadata> {
  const { paper } = await load(urlId);
  return paper ? paperPageMetadata(paper) : { title: "Paper not found" };
}

export async function PaperPage({ urlId }: { urlId: string }) {
  const { viewer, paper } = await load(urlId);
  if (!paper) notFound();
  const [votes, similarHits] = await Promise.all([
    getVotedPaperIds(viewer?.id, [paper]),
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
