// GET /papers/:arxivId - one paper
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PaperDetail } from "@/components/paper/paper-detail";
import { findPaperByUrlId } from "@/lib/papers/paper";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const paper = await findPaperByUrlId((await params).id);
  return paper ? { title: paper.title, description: paper.abstract.slice(0, 300) } : { title: "Paper not found" };
}

export default async function PaperPage({ params }: Props) {
  const paper = await findPaperByUrlId((await params).id);
  if (!paper) notFound();
  return <PaperDetail paper={paper} />;
}
