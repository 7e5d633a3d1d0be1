// GET /papers/:arxivId/edit - admins edit a paper's fields
import type { Metadata } from "next";
import { EditPaperPage } from "../../_paper/edit-paper-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit paper" };

type Props = { params: Promise<{ id: string }> };

export default async function Page({ params }: Props) {
  return <EditPaperPage urlId={(await params).id} />;
}
