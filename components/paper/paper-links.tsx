import type { PaperExtras } from "@/lib/papers/schemas";

/** "12.3k" as the Daily Papers page writes star counts. */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const thousands = n / 1000;
  return `${thousands < 10 ? thousands.toFixed(1).replace(/\.0$/, "") : Math.round(thousands)}k`;
}

/**
 * The paper's code (with its GitHub stars) and project page. The addresses
 * come from the source and were checked to be http(s) on import; they open
 * without a referrer and are not endorsed for search engines.
 */
export function PaperLinks({ extras, className = "" }: { extras: PaperExtras; className?: string }) {
  const { githubRepo, githubStars, projectPage } = extras;
  if (!githubRepo && !projectPage) return null;
  return (
    <p className={`paper-links ${className}`}>
      {githubRepo ? (
        <a href={githubRepo} rel="noopener noreferrer nofollow" className="chip">
          Code
          {githubStars !== null ? (
            <span className="chip-count">
              <span aria-hidden="true">★ </span>
              {formatCount(githubStars)}
              <span className="sr-only"> GitHub stars</span>
            </span>
          ) : null}
        </a>
      ) : null}
      {projectPage ? (
        <a href={projectPage} rel="noopener noreferrer nofollow" className="chip">
          Project page
        </a>
      ) : null}
    </p>
  );
}
