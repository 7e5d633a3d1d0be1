// GET /unsubscribe?token= - a page with a button. The one-click address (RFC 8058) is its own
// route, ./one-click; proxy.ts sends there the one-click POSTs of older mails, which named this page.
import type { Metadata } from "next";
import { UnsubscribeForm } from "@/components/subscription/unsubscribe-form";
import { inspectUnsubscribe } from "@/lib/digest/subscriptions";
import { unsubscribeAction } from "@/lib/digest/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false }, referrer: "no-referrer" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UnsubscribePage({ searchParams }: Props) {
  const token = (await searchParams).token;
  const state = await inspectUnsubscribe(token);
  return (
    <div className="mx-auto max-w-xl py-8">
      {state.state === "invalid" || typeof token !== "string" ? (
        <>
          <h1 className="text-2xl font-bold">This unsubscribe link is not valid</h1>
          <p className="mt-2 text-gray-600 dark:text-gray-300">
            Check that the whole link was copied from the digest. A link in a very old mail can stop working
            when Paperboy changes its keys; the one in your latest digest works.
          </p>
        </>
      ) : state.state === "already_unsubscribed" ? (
        <>
          <h1 className="text-2xl font-bold">You are unsubscribed</h1>
          <p className="mt-2 text-gray-600 dark:text-gray-300" data-unsubscribe-result="unsubscribed">
            Nothing more is sent to {state.email}.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-bold">Unsubscribe from the digest</h1>
          <p className="mb-4 mt-2 text-gray-600 dark:text-gray-300">
            Stop sending Paperboy&apos;s digest to <strong>{state.email}</strong>?
          </p>
          <UnsubscribeForm action={unsubscribeAction} token={token} />
        </>
      )}
    </div>
  );
}
