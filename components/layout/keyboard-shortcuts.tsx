"use client";

import { useEffect } from "react";

// j/k: next/previous paper, o or Enter: open it, ←/→: previous/next day (or
// week, month), /: search. Reads the page's DOM (data-paper-card, data-nav)
// instead of taking the papers as props, so no paper text travels twice.

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function cards(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>("[data-paper-card]"));
}

function currentIndex(list: HTMLElement[]): number {
  const active = document.activeElement;
  return list.findIndex(
    (card) => card.dataset.current === "true" || (active instanceof Node && card.contains(active)),
  );
}

function select(list: HTMLElement[], index: number) {
  list.forEach((card) => delete card.dataset.current);
  const card = list[index];
  if (!card) return;
  card.dataset.current = "true";
  card.querySelector<HTMLElement>("[data-paper-link]")?.focus();
  card.scrollIntoView({ block: "nearest" });
}

export function KeyboardShortcuts() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "/" && !isTyping(event.target)) {
        const input = document.getElementById("search-input");
        if (input instanceof HTMLInputElement) {
          event.preventDefault();
          input.focus();
          input.select();
        }
        return;
      }
      if (isTyping(event.target)) {
        if (event.key === "Escape" && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      const list = cards();
      const index = currentIndex(list);
      switch (event.key) {
        case "j":
          event.preventDefault();
          select(list, Math.min(list.length - 1, index + 1));
          break;
        case "k":
          event.preventDefault();
          select(list, Math.max(0, index - 1));
          break;
        case "o":
        case "Enter": {
          const link = list[index]?.querySelector<HTMLAnchorElement>("[data-paper-link]");
          if (link && (event.key === "o" || document.activeElement !== link)) {
            event.preventDefault();
            link.click();
          }
          break;
        }
        case "ArrowLeft":
        case "ArrowRight": {
          const link = document.querySelector<HTMLAnchorElement>(
            `[data-nav="${event.key === "ArrowLeft" ? "previous" : "next"}"]`,
          );
          if (link) {
            event.preventDefault();
            link.click();
          }
          break;
        }
      }
    };
    document.addEventListener("keydown", onKey);
    // Lets browser tests (and curious readers) see that the keys are live.
    document.documentElement.dataset.keys = "ready";
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return null;
}
