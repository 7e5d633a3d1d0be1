import { balanceBidi } from "@/lib/text/bidi";

/**
 * Text from elsewhere (an imported title, an author's name), isolated for
 * bidi: whatever direction it has or controls it carries, it cannot reorder
 * the text around it (lib/text/bidi.ts says why both steps are needed).
 */
export function Isolated({ children }: { children: string }) {
  return <bdi>{balanceBidi(children)}</bdi>;
}
