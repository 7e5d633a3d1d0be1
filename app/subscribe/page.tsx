// GET /subscribe - the digest explained, with the subscribe form
import type { Metadata } from "next";
import { SubscribeForm } from "@/components/subscription/subscribe-form";
import { subscribeAction } from "./actions";

export const metadata: Metadata = { title: "Get the digest" };

export default function SubscribePage() {
  return (
    <div className="mx-auto max-w-xl py-8">
      <h1 className="text-2xl font-bold">Trending papers in your inbox</h1>
      <p className="mt-2 text-gray-600 dark:text-gray-300">
        Every weekday morning, the previous day&apos;s top papers by upvotes; or once a week, on Mondays.
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
