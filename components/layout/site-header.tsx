import Link from "next/link";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

export function SiteHeader({ viewer, searchQuery = "" }: { viewer: { email: string | null; name: string | null } | null; searchQuery?: string }) {
  return (
    <header className="sticky top-0 z-40 border-b border-gray-200 bg-white/90 backdrop-blur dark:border-gray-800 dark:bg-[#0b0f19]/90">
      <div className="mx-auto flex max-w-4xl items-center gap-3 px-4 py-3 sm:px-6">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm text-white">P</span>
          <span className="hidden sm:inline">Paperboy</span>
        </Link>
        <nav aria-label="Feed" className="hidden items-center gap-1 text-sm text-gray-600 md:flex dark:text-gray-400">
          <Link href="/" className="rounded px-2 py-1 hover:bg-gray-100 hover:text-gray-900 dark:hover:bg-gray-800 dark:hover:text-white">Daily</Link>
          <Link href="/papers/week" className="rounded px-2 py-1 hover:bg-gray-100 hover:text-gray-900 dark:hover:bg-gray-800 dark:hover:text-white">Weekly</Link>
          <Link href="/papers/month" className="rounded px-2 py-1 hover:bg-gray-100 hover:text-gray-900 dark:hover:bg-gray-800 dark:hover:text-white">Monthly</Link>
        </nav>
        <form role="search" action="/search" method="get" className="ml-auto flex min-w-0 flex-1 justify-end">
          <label htmlFor="search-input" className="sr-only">Search papers</label>
          <input
            id="search-input"
            name="q"
            type="search"
            defaultValue={searchQuery}
            placeholder="Search papers  ( / )"
            autoComplete="off"
            maxLength={200}
            className="w-full max-w-xs rounded-md border border-gray-300 bg-gray-50 px-3 py-1.5 text-sm placeholder:text-gray-400 focus:border-indigo-500 focus:bg-white focus:outline-none focus:ring-1 focus:ring-indigo-500 dark:border-gray-700 dark:bg-gray-900 dark:focus:bg-gray-950"
          />
        </form>
        <ThemeToggle />
        <UserMenu viewer={viewer} />
      </div>
    </header>
  );
}
