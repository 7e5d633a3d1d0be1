// The digest archive's pages (/digest/daily/:date, /digest/weekly/:week):
// one page, told which digest it shows and which segment names the period.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DigestArchiveView } from "@/components/digest/digest-archive";
import { getDigestArchive } from "@/lib/digest/archive";
import { parseDigestSlug, type DigestKind } from "@/lib/digest/periods";

type Props = { params: Promise<Record<string, string>> };

const TITLE: Record<DigestKind, string> = { daily: "Daily digest", weekly: "Weekly digest" };

export function archivePage(kind: DigestKind, segment: string) {
  async function generateMetadata({ params }: Props): Promise<Metadata> {
    const period = parseDigestSlug(kind, (await params)[segment] ?? "");
    return { title: period ? `${TITLE[kind]} · ${period.label}` : "Not found" };
  }

  async function Page({ params }: Props) {
    const archive = await getDigestArchive(kind, (await params)[segment] ?? "");
    if (!archive) notFound();
    return <DigestArchiveView archive={archive} />;
  }

  return { generateMetadata, Page };
}
