// GET / - the latest day that has papers
import type { Metadata } from "next";
import Link from "next/link";
import { FeedView } from "@/components/feed/feed-view";
import { getViewer } from "@/lib/auth/session";
import { getFeedView, getLatestFeedDate } from "@/lib/feed/feed";
import { dayPeriod } from "@/lib/feed/periods";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { alternates: { canonical: "/" } };

export default async function HomePage() {
  const [latest, viewer] = await Promise.all([getLatestFeedDate(), getViewer()]);
  const view = latest && (await getFeedView(dayPeriod(latest), 1, viewer?.id));
  if (!view) {
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
  return <FeedView view={view} heading={`Daily Papers · ${view.period.label}`} signedIn={!!viewer} />;
}
