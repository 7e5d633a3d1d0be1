// GET /papers/:archive/:number/edit - admins edit a paper with an old-style arXiv id
import type { Metadata } from "next";
import { EditPaperPage } from "../../../_paper/edit-paper-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit paper" };

type Props = { params: Promise<{ id: string; number: string }> };

export default async function Page({ params }: Props) {
  const { id, number } = await params;
  return <EditPaperPage urlId={`${id}/${number}`} />;
}
