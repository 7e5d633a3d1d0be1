// GET /digest/weekly/:week - the weekly digest of an ISO week (YYYY-Www), as a page
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DigestArchiveView } from "@/components/digest/digest-archive";
import { getDigestArchive } from "@/lib/digest/archive";
import { parseDigestSlug } from "@/lib/digest/periods";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ week: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const period = parseDigestSlug("weekly", (await params).week);
  return { title: period ? `Weekly digest · ${period.label}` : "Not found" };
}

export default async function WeeklyDigestPage({ params }: Props) {
  const archive = await getDigestArchive("weekly", (await params).week);
  if (!archive) notFound();
  return <DigestArchiveView archive={archive} />;
}
