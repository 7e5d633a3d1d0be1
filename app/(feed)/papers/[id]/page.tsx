// GET /papers/:arxivId - one paper (old-style ids, hep-th/0101001, are [id]/[number]/)
import type { Metadata } from "next";
import { PaperPage, paperMetadata } from "../_paper/paper-page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return paperMetadata((await params).id);
}

export default async function Page({ params }: Props) {
  return <PaperPage urlId={(await params).id} />;
}
