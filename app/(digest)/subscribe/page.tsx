// GET /subscribe - the digest explained, with the subscribe form
import type { Metadata } from "next";
import { SubscribeForm } from "@/components/subscription/subscribe-form";
import { digestScheduleWords } from "@/lib/digest/schedule-words";
import { subscribeAction } from "@/lib/digest/actions";

// DIGEST_CRON is read when the server runs, not when it is built.
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Get the digest" };

export default function SubscribePage() {
  const words = digestScheduleWords();
  const at = words.at ? ` at ${words.at}` : "";
  return (
    <div className="mx-auto max-w-xl py-8">
      <h1 className="text-2xl font-bold">Trending papers in your inbox</h1>
      <p className="mt-2 text-gray-600 dark:text-gray-300">
        <span data-digest-schedule>
          Daily, {words.daily}
          {at}: the previous day&apos;s top papers by upvotes; or weekly, {words.weekly}
          {at}: the previous week&apos;s.
        </span>{" "}
        Narrow it to your keywords or to papers with enough upvotes, and never get the same paper twice.
      </p>
      <div className="mt-6">
        <SubscribeForm action={subscribeAction} id="subscribe-page" />
      </div>
      <p className="mt-4 text-sm text-gray-500 dark:text-gray-400">
        We send one mail with a confirmation link; nothing else comes until you click it. Every digest has a
        one-click unsubscribe link.
      </p>
    </div>
  );
}
