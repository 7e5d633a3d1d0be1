// GET /digest/daily/:date - the daily digest of a feed day, as a page (the mail's "view in browser")
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DigestArchiveView } from "@/components/digest/digest-archive";
import { getDigestArchive } from "@/lib/digest/archive";
import { parseDigestSlug } from "@/lib/digest/periods";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ date: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const period = parseDigestSlug("daily", (await params).date);
  return { title: period ? `Daily digest · ${period.label}` : "Not found" };
}

export default async function DailyDigestPage({ params }: Props) {
  const archive = await getDigestArchive("daily", (await params).date);
  if (!archive) notFound();
  return <DigestArchiveView archive={archive} />;
}
