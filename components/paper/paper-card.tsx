import Link from "next/link";
import { Isolated } from "@/components/ui/isolated";
import type { FeedPaper } from "@/lib/papers/queries";
import { AbstractRest } from "./abstract-rest";
import { FoldMeasure } from "./fold-measure";
import { PaperLinks } from "./paper-links";
import { PaperMeta } from "./paper-meta";
import { UpvoteButton } from "./upvote-button";

// Whether three lines cut the abstract: at most SURELY_WHOLE characters fit
// them on the narrowest phone, more than SURELY_CUT overflow them on the
// widest card. Between the two the browser measures (AbstractFolds) and shows
// the fold where it cuts. The label sits over the end of the third line, so
// showing or hiding it moves nothing.
const SURELY_WHOLE = 120;
const SURELY_CUT = 400;

function foldOf(abstract: string): "none" | "measure" | "cut" {
  const lines = abstract.split("\n").length;
  if (abstract.length <= SURELY_WHOLE && lines <= 3) return "none";
  return abstract.length > SURELY_CUT || lines > 3 ? "cut" : "measure";
}

// A cut abstract travels as its beginning only, the rest fetched on unfolding
// (AbstractRest): every character of a server-rendered page is sent twice, in
// the HTML and in React's payload, and abstracts were most of a day page's
// bytes. The beginning is longer than three lines hold on the widest card.
const BEGINNING_CHARS = 480;

function beginningOf(abstract: string): string {
  const lines = abstract.split("\n").slice(0, 4).join("\n");
  if (lines.length <= BEGINNING_CHARS) return lines.length < abstract.length ? `${lines}…` : lines;
  const cut = lines.slice(0, BEGINNING_CHARS);
  const space = cut.lastIndexOf(" ");
  return `${(space > BEGINNING_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * One paper in a list. The abstract is folded to three lines; a checkbox
 * (no JavaScript) unfolds it, and a long one's rest is fetched then. Titles and abstracts are imported text and are
 * only ever rendered as text nodes, which React escapes, each isolated for bidi.
 * `rank`: its place, in a ranked list only.
 */
export function PaperCard({ paper, rank }: { paper: FeedPaper; rank?: number }) {
  const abstractId = `abstract-${paper.id}`;
  return (
    <article data-paper-card data-paper-id={paper.id} aria-labelledby={`title-${paper.id}`} className="card">
      <div className="card-side">
        <UpvoteButton paperId={paper.id} upvotes={paper.upvotes} />
        {/* aria-label is not allowed on a plain span: the words are there for screen readers instead. */}
        {rank !== undefined ? (
          <span className="card-rank">
            <span className="sr-only">Rank </span>
            <span aria-hidden="true">#</span>
            {rank}
          </span>
        ) : null}
      </div>
      <div className="card-body">
        <h2 id={`title-${paper.id}`} className="card-title">
          <Link href={`/papers/${paper.id}`} data-paper-link>
            <Isolated>{paper.title}</Isolated>
          </Link>
        </h2>
        <div className="mt-1">
          <PaperMeta
            orgHandle={paper.orgHandle}
            orgName={paper.orgName}
            authorCount={paper.authorCount}
            feedDate={paper.feedDate}
            submittedBy={submitterOf(paper)}
          />
        </div>
        <PaperLinks extras={paper.extras} className="mt-2" />
        {paper.abstract && foldOf(paper.abstract) === "none" ? (
          <p className="abstract mt-2">
            <Isolated>{paper.abstract}</Isolated>
          </p>
        ) : paper.abstract ? (
          <div className="fold mt-2" data-fold={foldOf(paper.abstract)}>
            <input
              type="checkbox"
              id={`${abstractId}-toggle`}
              className="abstract-toggle sr-only"
              aria-controls={abstractId}
            />
            <p id={abstractId} className="abstract">
              {foldOf(paper.abstract) === "cut" ? (
                <AbstractRest
                  paperId={paper.id}
                  beginning={beginningOf(paper.abstract)}
                  toggleId={`${abstractId}-toggle`}
                />
              ) : (
                <Isolated>{paper.abstract}</Isolated>
              )}
            </p>
            <label htmlFor={`${abstractId}-toggle`} className="unfold unfold-more">
              Show full abstract
            </label>
            <label htmlFor={`${abstractId}-toggle`} className="unfold unfold-less">
              Show less
            </label>
            {foldOf(paper.abstract) === "measure" ? <FoldMeasure /> : null}
          </div>
        ) : null}
      </div>
    </article>
  );
}

/** Who put the paper in the feed: a reader here, or the submitter on the source's feed. */
export function submitterOf(paper: FeedPaper): string | null {
  return paper.submittedBy ?? paper.extras.submitterName ?? paper.extras.submitterHandle;
}
