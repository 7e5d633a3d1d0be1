"use client";

import { useEffect, useState } from "react";

type Theme = "system" | "light" | "dark";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<Theme, string> = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" };
const ICON: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

function apply(theme: Theme) {
  const dark =
    theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.dataset.theme = theme;
}

function storedTheme(): Theme {
  try {
    const stored = localStorage.getItem("theme");
    return stored === "light" || stored === "dark" ? stored : "system";
  } catch {
    return "system";
  }
}

/** Cycles system → light → dark. The first paint's theme comes from /theme.js. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");

  useEffect(() => {
    // A page Next renders in the browser (its not-found and error documents) never ran /theme.js:
    // apply the reader's theme here instead, or a 404 stays light in dark mode.
    if (!document.documentElement.dataset.theme) apply(storedTheme());
    const current = document.documentElement.dataset.theme;
    // The theme /theme.js applied before hydration: only known once mounted, so set here.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (current === "light" || current === "dark") setTheme(current);
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => document.documentElement.dataset.theme === "system" && apply("system");
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, []);

  const choose = () => {
    const next = NEXT[theme];
    try {
      if (next === "system") localStorage.removeItem("theme");
      else localStorage.setItem("theme", next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    apply(next);
    setTheme(next);
  };

  return (
    <button
      type="button"
      onClick={choose}
      aria-label={`${LABEL[theme]} (change)`}
      title={LABEL[theme]}
      className="grid h-8 w-8 shrink-0 place-items-center rounded-md text-gray-600 hover:bg-gray-100 dark:text-gray-300 dark:hover:bg-gray-800"
    >
      <span aria-hidden="true">{ICON[theme]}</span>
    </button>
  );
}
