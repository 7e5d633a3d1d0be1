import Link from "next/link";
import { Isolated } from "@/components/ui/isolated";
import { formatDisplayDate, type IsoDate } from "@/lib/papers/dates";
import { organizationPath } from "@/lib/papers/paths";
import { plural } from "@/lib/text/plural";

type Props = {
  orgHandle: string | null;
  orgName: string | null;
  authorCount: number;
  feedDate: IsoDate;
  submittedBy?: string | null;
};

/** "NVIDIA · Mar 31, 2026" or "• 7 authors · Mar 31, 2026", as the Daily Papers page shows it. */
export function PaperMeta({ orgHandle, orgName, authorCount, feedDate, submittedBy }: Props) {
  return (
    <p className="meta">
      {orgHandle ? (
        <Link href={organizationPath(orgHandle)} className="meta-org" title={orgHandle}>
          <Isolated>{orgName ?? orgHandle}</Isolated>
        </Link>
      ) : null}
      <span>{plural(authorCount, "author")}</span>
      <span aria-hidden="true">·</span>
      <Link href={`/papers/date/${feedDate}`}>
        <time dateTime={feedDate}>{formatDisplayDate(feedDate)}</time>
      </Link>
      {submittedBy ? (
        <>
          <span aria-hidden="true">·</span>
          <span>
            submitted by <Isolated>{submittedBy}</Isolated>
          </span>
        </>
      ) : null}
    </p>
  );
}
