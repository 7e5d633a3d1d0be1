// GET /papers/:archive/:number - one paper with an old-style arXiv id (hep-th/0101001)
import type { Metadata } from "next";
import { PaperPage, paperMetadata } from "../../_paper/paper-page";

export const dynamic = "force-dynamic";

// Next needs the same slug name as /papers/[id] at this level: here [id] is the archive.
type Props = { params: Promise<{ id: string; number: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, number } = await params;
  return paperMetadata(`${id}/${number}`);
}

export default async function Page({ params }: Props) {
  const { id, number } = await params;
  return <PaperPage urlId={`${id}/${number}`} />;
}
