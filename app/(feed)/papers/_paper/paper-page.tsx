// One paper's page, for both shapes of its URL: /papers/2405.15738 and, for
// an old-style id, /papers/hep-th/0101001 (the id's slash is a path segment).
// The same for every reader (the page cache answers it): a hidden paper is
// not found here, even for admins, who reach it at its edit page.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PaperDetail } from "@/components/paper/paper-detail";
import { SimilarPapers } from "@/components/paper/similar-papers";
import { paperPageMetadata } from "@/lib/html/metadata";
import { findPaperByUrlId } from "@/lib/papers/paper";
import { getPapersByIds } from "@/lib/papers/queries";
import { similarPapers } from "@/lib/search";

export async function paperMetadata(urlId: string): Promise<Metadata> {
  const paper = await findPaperByUrlId(urlId);
  return paper ? paperPageMetadata(paper) : { title: "Paper not found" };
}

export async function PaperPage({ urlId }: { urlId: string }) {
  const paper = await findPaperByUrlId(urlId);
  if (!paper) notFound();
  const similar = await getPapersByIds((await similarPapers(paper.id, 5)).map((h) => h.id));
  return (
    <>
      <PaperDetail paper={paper} />
      <SimilarPapers papers={similar} />
    </>
  );
}
