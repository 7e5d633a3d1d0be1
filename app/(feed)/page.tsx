// GET / - the latest day that has papers (and, while it is thin, the day before under it)
import type { Metadata } from "next";
import Link from "next/link";
import { FeedView } from "@/components/feed/feed-view";
import { getFrontPage } from "@/lib/feed/feed";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { alternates: { canonical: "/" } };

export default async function HomePage() {
  const front = await getFrontPage();
  if (!front) {
    return (
      <div className="py-16 text-center">
        <h1 className="text-2xl font-bold">No papers yet</h1>
        <p className="mt-2 text-gray-500 dark:text-gray-400">
          Import some with <code className="font-mono">npm run import -- prisma/sample</code>, then{" "}
          <Link href="/" className="underline">
            reload
          </Link>
          .
        </p>
      </div>
    );
  }
  const { view, earlier } = front;
  return <FeedView view={view} earlier={earlier} heading={`Daily Papers · ${view.period.label}`} />;
}
