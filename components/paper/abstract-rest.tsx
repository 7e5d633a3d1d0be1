"use client";

import { useEffect, useState } from "react";
import { balanceBidi } from "@/lib/text/bidi";

/**
 * The text of an abstract too long for three lines (components/paper/paper-card.tsx):
 * the page carries its beginning, and the rest is fetched when the reader
 * unfolds it, so a day of 50 papers does not carry every abstract twice (once
 * in the HTML and again in React's payload). Without JavaScript, the unfolded
 * beginning ends with a link to the paper's page, where the abstract is whole.
 */
export function AbstractRest({
  paperId,
  beginning,
  toggleId,
}: {
  paperId: string;
  beginning: string;
  toggleId: string;
}) {
  const [whole, setWhole] = useState<string | null>(null);
  useEffect(() => {
    const toggle = document.getElementById(toggleId);
    if (!(toggle instanceof HTMLInputElement)) return;
    let asked = false;
    const load = () => {
      if (asked || !toggle.checked) return;
      asked = true;
      fetch(`/api/papers/${paperId}`)
        .then((res) => (res.ok ? (res.json() as Promise<{ summary?: unknown }>) : null))
        .then((paper) => {
          if (typeof paper?.summary === "string") setWhole(paper.summary);
          else asked = false;
        })
        .catch(() => {
          asked = false; // the link to the paper's page stays; the next unfold asks again
        });
    };
    load(); // unfolded before this island hydrated
    toggle.addEventListener("change", load);
    return () => toggle.removeEventListener("change", load);
  }, [paperId, toggleId]);
  if (whole !== null) return <bdi>{balanceBidi(whole)}</bdi>;
  return (
    <>
      <bdi>{balanceBidi(beginning)}</bdi>{" "}
      <a href={`/papers/${paperId}`} className="abstract-rest">
        Read the whole abstract
      </a>
    </>
  );
}
