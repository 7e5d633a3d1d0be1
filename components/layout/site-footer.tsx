import { subscribeAction } from "@/lib/digest/actions";
import { DigestBox } from "@/components/subscription/digest-box";

/** `schedule`: DIGEST_CRON in words (lib/digest/cron.ts), read by the layout. */
export function SiteFooter({ schedule }: { schedule: { daily: string; weekly: string } }) {
  return (
    <footer className="border-t border-gray-200 py-8 text-xs text-gray-500 dark:border-gray-800 dark:text-gray-400">
      <div className="mx-auto mb-6 flex max-w-4xl flex-col gap-3 px-4 sm:flex-row sm:items-start sm:justify-between sm:px-6">
        <div className="text-sm">
          <p className="font-medium text-gray-900 dark:text-gray-100">Trending papers in your inbox</p>
          <p>
            Daily ({schedule.daily}) or weekly ({schedule.weekly}); keywords and minimum upvotes optional.{" "}
            <a href="/subscribe" className="underline hover:text-gray-900 dark:hover:text-white">
              More about the digest
            </a>
          </p>
        </div>
        <div className="w-full text-sm sm:max-w-sm">
          <DigestBox action={subscribeAction} id="footer-subscribe" />
        </div>
      </div>
      <div className="mx-auto flex max-w-4xl flex-col gap-2 px-4 sm:flex-row sm:justify-between sm:px-6">
        <p>
          Keys: <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> next/previous paper ·{" "}
          <kbd className="font-mono">o</kbd> open · <kbd className="font-mono">←</kbd>/
          <kbd className="font-mono">→</kbd> previous/next day · <kbd className="font-mono">/</kbd> search ·{" "}
          <kbd className="font-mono">?</kbd> all keys
        </p>
        <p>
          <a href="/feed.xml" className="underline hover:text-gray-900 dark:hover:text-white">
            RSS
          </a>{" "}
          · Listings from Hugging Face Daily Papers and arXiv
        </p>
      </div>
    </footer>
  );
}
