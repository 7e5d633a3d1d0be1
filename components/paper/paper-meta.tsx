import Link from "next/link";
import { Isolated } from "@/components/ui/isolated";
import { formatDisplayDate, type IsoDate } from "@/lib/papers/dates";

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
        <span className="meta-org" title={orgHandle}>
          <Isolated>{orgName ?? orgHandle}</Isolated>
        </span>
      ) : null}
      <span>{authorCount === 1 ? "1 author" : `${authorCount} authors`}</span>
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
