import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-2 text-2xl font-bold">Nothing here</h1>
      <p className="mt-2 text-gray-500 dark:text-gray-400">
        That page does not exist: a day is written like <code className="font-mono">2026-03-31</code>, a week
        like <code className="font-mono">2026-W14</code>, a month like{" "}
        <code className="font-mono">2026-03</code>, a paper by its arXiv id.
      </p>
      <p className="mt-6">
        <Link href="/" className="text-indigo-600 underline dark:text-indigo-400">
          Today&apos;s papers
        </Link>
      </p>
    </div>
  );
}
