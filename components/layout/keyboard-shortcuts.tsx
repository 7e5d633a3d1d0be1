"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";

// j/k: next/previous paper, o or Enter: open it, ←/→: previous/next day (or
// week, month), /: search, ?: this list. Reads the page's DOM (data-paper-card,
// data-nav) instead of taking the papers as props, so no paper text travels
// twice. The paper j/k moved to is remembered per address (sessionStorage),
// so Back from a paper lands on it again.

const KEYS: [string[], string][] = [
  [["j"], "Next paper"],
  [["k"], "Previous paper"],
  [["o", "Enter"], "Open the selected paper"],
  [["←"], "Previous day, week or month"],
  [["→"], "Next day, week or month"],
  [["/"], "Search"],
  [["?"], "This list of shortcuts"],
  [["Esc"], "Close this list, leave the search box"],
];

const SELECTED_KEY = "paperboy:selected:";
const here = () => SELECTED_KEY + window.location.pathname + window.location.search;

function remember(id: string | undefined) {
  try {
    if (id) sessionStorage.setItem(here(), id);
  } catch {}
}

function recall(): string | null {
  try {
    return sessionStorage.getItem(here());
  } catch {
    return null;
  }
}

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

function select(list: HTMLElement[], index: number, restoring = false) {
  list.forEach((card) => delete card.dataset.current);
  const card = list[index];
  if (!card) return;
  card.dataset.current = "true";
  // Restoring after Back: the browser has put the scroll back where it was; do not move it.
  card.querySelector<HTMLElement>("[data-paper-link]")?.focus({ preventScroll: restoring });
  if (!restoring) card.scrollIntoView({ block: "nearest" });
  remember(card.dataset.paperId);
}

export function KeyboardShortcuts() {
  const dialog = useRef<HTMLDialogElement>(null);
  const pathname = usePathname();
  const search = useSearchParams().toString();

  // On every page (a first load, a client navigation, Back): the paper selected here before, if any.
  useEffect(() => {
    const id = recall();
    if (!id) return;
    const list = cards();
    const index = list.findIndex((card) => card.dataset.paperId === id);
    if (index >= 0) select(list, index, true);
  }, [pathname, search]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (dialog.current?.open) return; // the dialog is modal: Escape (the browser's) closes it
      if (event.key === "?" && !isTyping(event.target)) {
        event.preventDefault();
        dialog.current?.showModal();
        return;
      }
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

  // A modal <dialog>: the browser keeps focus inside it, makes the page behind inert and closes it on Escape.
  return (
    <dialog
      ref={dialog}
      aria-labelledby="shortcuts-heading"
      className="m-auto w-full max-w-sm rounded-xl border border-gray-200 bg-white p-5 text-gray-900 shadow-xl backdrop:bg-black/40 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100"
      data-shortcuts
      onKeyDown={(event) => {
        // Keep Tab inside: a modal dialog makes the page inert, but Tab would still leave for the browser's own UI.
        if (event.key !== "Tab") return;
        const focusable = Array.from(
          event.currentTarget.querySelectorAll<HTMLElement>(
            "button, a[href], input, [tabindex]:not([tabindex='-1'])",
          ),
        );
        const [first, last] = [focusable[0], focusable.at(-1)];
        if (!first || !last) return;
        if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
          event.preventDefault();
          (event.shiftKey ? last : first).focus();
        }
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === event.currentTarget) {
          const box = event.currentTarget.getBoundingClientRect();
          const inside =
            event.clientX >= box.left &&
            event.clientX <= box.right &&
            event.clientY >= box.top &&
            event.clientY <= box.bottom;
          if (!inside) event.currentTarget.close();
        }
      }}
    >
      <h2 id="shortcuts-heading" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
        {KEYS.map(([keys, what]) => (
          <div key={what} className="contents">
            <dt>
              {keys.map((key, i) => (
                <span key={key}>
                  {i > 0 ? " or " : null}
                  <kbd className="rounded border border-gray-300 px-1.5 py-0.5 font-mono text-xs dark:border-gray-600">
                    {key}
                  </kbd>
                </span>
              ))}
            </dt>
            <dd className="text-gray-600 dark:text-gray-300">{what}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="mt-4 text-right">
        <button
          type="submit"
          className="rounded-md border border-gray-300 px-3 py-1.5 text-sm font-medium hover:bg-gray-50 dark:border-gray-600 dark:hover:bg-gray-800"
        >
          Close
        </button>
      </form>
    </dialog>
  );
}
