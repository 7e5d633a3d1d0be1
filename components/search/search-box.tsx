"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useRef, useState } from "react";

const SUGGEST_DELAY_MS = 120;
const RESULTS_DELAY_MS = 250;
/** A new-style (2405.15738) or old-style (hep-th/0101001) arXiv id, alone or in a link. */
const LOOKS_LIKE_ARXIV = /^\s*\S*(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})(v\d+)?(\.pdf)?\/?\s*$/i;

type SuggestedPaper = { id: string; title: string };
type SuggestAnswer = { suggestions: string[]; papers?: SuggestedPaper[] };

/**
 * The search box in the header, on every page. Offers phrases and
 * completions as you type, and the best-matching titles (arrow keys and
 * Enter pick one; a title opens its paper); on /search it also updates the
 * results in place, by replacing the URL (which holds the whole search), so
 * Next re-renders the results without a page load.
 */
export function SearchBox() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const onSearchPage = pathname === "/search";
  const urlQuery = onSearchPage ? (searchParams.get("q") ?? "") : "";
  const [value, setValue] = useState(urlQuery);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  // Titles offered for the text they were asked for (they need not start with it).
  const [papers, setPapers] = useState<{ for: string; list: SuggestedPaper[] }>({ for: "", list: [] });
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const suggestTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const resultsTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(0);

  // Back/forward on /search: show the query the URL holds. Adjusted while
  // rendering, as React advises for state derived from a prop that changed.
  const urlState = `${onSearchPage}:${urlQuery}`;
  const [seenUrlState, setSeenUrlState] = useState(urlState);
  if (urlState !== seenUrlState) {
    setSeenUrlState(urlState);
    if (onSearchPage) setValue(urlQuery);
  }

  const searchUrl = (q: string, submitted = false) => {
    const params = new URLSearchParams(onSearchPage ? searchParams.toString() : "");
    params.set("q", q);
    params.delete("p");
    params.delete("go");
    // Submitted, an arXiv id or link goes straight to its paper (the page decides, knowing whether we have it).
    if (submitted && LOOKS_LIKE_ARXIV.test(q)) params.set("go", "1");
    return `/search?${params.toString()}`;
  };

  const fetchSuggestions = (q: string) => {
    const ticket = ++latest.current;
    if (!q.trim()) {
      setSuggestions([]);
      setPapers({ for: "", list: [] });
      return;
    }
    fetch(`/api/search/suggest?q=${encodeURIComponent(q)}&limit=8`)
      .then((r) => (r.ok ? (r.json() as Promise<SuggestAnswer>) : { suggestions: [], papers: [] }))
      .then(({ suggestions, papers }) => {
        if (ticket !== latest.current) return; // an older answer arriving late
        setSuggestions(suggestions.filter((s) => s !== q.trim().toLowerCase()));
        setPapers({ for: q.trim().toLowerCase(), list: papers ?? [] });
        setActive(-1);
      })
      .catch(() => {});
  };

  const onChange = (q: string) => {
    setValue(q);
    setOpen(true);
    clearTimeout(suggestTimer.current);
    suggestTimer.current = setTimeout(() => fetchSuggestions(q), SUGGEST_DELAY_MS);
    if (onSearchPage) {
      clearTimeout(resultsTimer.current);
      resultsTimer.current = setTimeout(
        () => router.replace(searchUrl(q), { scroll: false }),
        RESULTS_DELAY_MS,
      );
    }
  };

  const go = (q: string) => {
    clearTimeout(suggestTimer.current);
    clearTimeout(resultsTimer.current);
    setValue(q);
    setOpen(false);
    setSuggestions([]);
    setPapers({ for: "", list: [] });
    if (onSearchPage) router.replace(searchUrl(q, true), { scroll: false });
    else router.push(searchUrl(q, true));
  };

  const openPaper = (id: string) => {
    clearTimeout(suggestTimer.current);
    clearTimeout(resultsTimer.current);
    setOpen(false);
    router.push(`/papers/${id}`);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" && showList) {
      event.preventDefault();
      setActive((i) => (i + 1) % optionCount);
    } else if (event.key === "ArrowUp" && showList) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? optionCount - 1 : i - 1));
    } else if (event.key === "Escape" && showList) {
      event.stopPropagation();
      setOpen(false);
    }
  };

  // Suggestions for an earlier text stay hidden until the answer for this one arrives.
  const typed = value.trim().toLowerCase();
  const shown = suggestions.filter((s) => s.startsWith(typed));
  const shownPapers = papers.for === typed ? papers.list : [];
  const optionCount = shown.length + shownPapers.length;
  const showList = open && typed.length > 0 && optionCount > 0;
  return (
    <form
      role="search"
      action="/search"
      method="get"
      className="relative ml-auto flex min-w-0 flex-1 justify-end"
      onSubmit={(event) => {
        event.preventDefault();
        const paper = showList && active >= shown.length ? shownPapers[active - shown.length] : undefined;
        if (paper) openPaper(paper.id);
        else go(showList && active >= 0 && shown[active] ? shown[active] : value);
      }}
    >
      <label htmlFor="search-input" className="sr-only">
        Search papers
      </label>
      {/* Without script, the form still sends an arXiv id straight to its paper. */}
      <input type="hidden" name="go" value="1" />
      <input
        id="search-input"
        name="q"
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        placeholder="Search papers  ( / )"
        autoComplete="off"
        maxLength={200}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        className="w-full max-w-xs rounded-md border border-gray-300 bg-gray-50 px-3 py-1.5 text-sm placeholder:text-gray-400 focus:border-indigo-500 focus:bg-white focus:outline-none focus:ring-1 focus:ring-indigo-500 dark:border-gray-700 dark:bg-gray-900 dark:focus:bg-gray-950"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!showList}
        className="absolute right-0 top-full z-50 mt-1 w-full max-w-xs overflow-hidden rounded-lg border border-gray-200 bg-white text-sm shadow-lg dark:border-gray-700 dark:bg-gray-900"
      >
        {shown.map((s, i) => (
          <li
            key={s}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              go(s);
            }}
            className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200" : "hover:bg-gray-50 dark:hover:bg-gray-800"}`}
          >
            {s}
          </li>
        ))}
        {shownPapers.map((p, j) => {
          const i = shown.length + j;
          return (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              data-suggested-paper={p.id}
              onMouseDown={(e) => {
                e.preventDefault();
                openPaper(p.id);
              }}
              className={`cursor-pointer border-t border-gray-100 px-3 py-1.5 text-xs text-gray-600 first:border-t-0 dark:border-gray-800 dark:text-gray-300 ${i === active ? "bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200" : "hover:bg-gray-50 dark:hover:bg-gray-800"}`}
            >
              <bdi>{p.title}</bdi>
            </li>
          );
        })}
      </ul>
      <button type="submit" className="sr-only">
        Search
      </button>
    </form>
  );
}
