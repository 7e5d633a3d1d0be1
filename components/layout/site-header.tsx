import Link from "next/link";
import { Suspense } from "react";
import { SearchBox } from "@/components/search/search-box";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-40 border-b border-gray-200 bg-white/90 backdrop-blur dark:border-gray-800 dark:bg-[#0b0f19]/90">
      <div className="mx-auto flex max-w-4xl items-center gap-3 px-4 py-3 sm:px-6">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
          <span
            aria-hidden="true"
            className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm text-white"
          >
            P
          </span>
          {/* Hidden on phones but still the link's name: a link must say where it goes. */}
          <span className="sr-only sm:not-sr-only">Paperboy</span>
        </Link>
        <nav
          aria-label="Feed"
          className="hidden items-center gap-1 text-sm text-gray-600 md:flex dark:text-gray-400"
        >
          <Link
            href="/"
            className="rounded px-2 py-1 hover:bg-gray-100 hover:text-gray-900 dark:hover:bg-gray-800 dark:hover:text-white"
          >
            Daily
          </Link>
          <Link
            href="/papers/week"
            className="rounded px-2 py-1 hover:bg-gray-100 hover:text-gray-900 dark:hover:bg-gray-800 dark:hover:text-white"
          >
            Weekly
          </Link>
          <Link
            href="/papers/month"
            className="rounded px-2 py-1 hover:bg-gray-100 hover:text-gray-900 dark:hover:bg-gray-800 dark:hover:text-white"
          >
            Monthly
          </Link>
        </nav>
        <Suspense fallback={<div className="ml-auto flex-1" />}>
          <SearchBox />
        </Suspense>
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
