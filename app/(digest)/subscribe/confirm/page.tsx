// GET /subscribe/confirm?token= - says what the confirm button would do; only the button (a POST) confirms,
// since mail scanners open links.
import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmForm } from "@/components/subscription/confirm-form";
import { SubscribeForm } from "@/components/subscription/subscribe-form";
import { inspectConfirmation } from "@/lib/digest/subscriptions";
import { confirmAction, subscribeAction } from "@/lib/digest/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Confirm your subscription",
  robots: { index: false },
  referrer: "no-referrer",
};

const UNUSABLE_LINKS = {
  expired: {
    title: "This link has expired",
    advice: "Confirmation links work for 7 days. Subscribe again for a new one.",
  },
  outdated: {
    title: "This link is out of date",
    advice: "You unsubscribed after this link was sent. Subscribe again for a new one.",
  },
  invalid: {
    title: "This link is not valid",
    advice: "Check that the whole link was copied, or subscribe again for a new one.",
  },
};

/** What the page says of a link it cannot confirm with. */
function unusableLink(state: string): (typeof UNUSABLE_LINKS)["invalid"] {
  return state === "expired" || state === "outdated" ? UNUSABLE_LINKS[state] : UNUSABLE_LINKS.invalid;
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ConfirmPage({ searchParams }: Props) {
  const token = (await searchParams).token;
  const state = await inspectConfirmation(token);
  return (
    <div className="mx-auto max-w-xl py-8">
      {state.state === "ready" && typeof token === "string" ? (
        <ConfirmForm action={confirmAction} token={token} email={state.email} />
      ) : state.state === "already_active" ? (
        <div data-confirm-result="confirmed">
          <h1 className="text-2xl font-bold">You are already subscribed</h1>
          <p className="mt-2 text-gray-600 dark:text-gray-300">
            The digest goes to <strong>{state.email}</strong>.{" "}
            <Link href="/" className="text-indigo-600 underline dark:text-indigo-400">
              Today&apos;s papers
            </Link>
          </p>
        </div>
      ) : (
        <div>
          <h1 className="text-2xl font-bold">{unusableLink(state.state).title}</h1>
          <p className="mt-2 text-gray-600 dark:text-gray-300">{unusableLink(state.state).advice}</p>
          <div className="mt-6">
            <SubscribeForm action={subscribeAction} id="confirm-page" />
          </div>
        </div>
      )}
    </div>
  );
}
