import { balanceBidi } from "@/lib/text/bidi";

/**
 * Imported text with its matched words marked, isolated for bidi as a whole.
 * Ranges come from lib/search/highlight.ts (UTF-16 offsets into the text as
 * stored), so each piece is balanced on its own after the cut.
 */
export function Highlighted({ text, ranges }: { text: string; ranges: { start: number; end: number }[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [i, r] of ranges.entries()) {
    if (r.start > at) parts.push(balanceBidi(text.slice(at, r.start)));
    parts.push(<mark key={i}>{balanceBidi(text.slice(r.start, r.end))}</mark>);
    at = r.end;
  }
  if (at < text.length) parts.push(balanceBidi(text.slice(at)));
  return <bdi>{parts}</bdi>;
}
