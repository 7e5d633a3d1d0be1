"use client";

import { useLayoutEffect, useRef } from "react";

/**
 * Inside a fold the server could not decide (components/paper/paper-card.tsx):
 * marks it data-cut when three lines cut the abstract, again on every resize,
 * so "Show full abstract" shows only where there is more to show.
 */
export function FoldMeasure() {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const fold = ref.current?.parentElement;
    const abstract = fold?.querySelector<HTMLElement>(".abstract");
    const toggle = fold?.querySelector<HTMLInputElement>(".abstract-toggle");
    if (!fold || !abstract) return;
    const measure = () => {
      if (toggle?.checked) return; // unfolded: keep what the folded text said
      fold.dataset.cut = String(abstract.scrollHeight > abstract.clientHeight + 1);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(abstract);
    return () => observer.disconnect();
  }, []);
  return <span ref={ref} hidden />;
}
