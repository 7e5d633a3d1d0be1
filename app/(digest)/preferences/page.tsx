// GET /preferences?token= - the digest's settings for the subscriber the signed link names (no password)
import type { Metadata } from "next";
import { PreferencesForm } from "@/components/subscription/preferences-form";
import { UnsubscribeForm } from "@/components/subscription/unsubscribe-form";
import { digestScheduleWords } from "@/lib/digest/schedule-words";
import { getPreferences } from "@/lib/digest/subscriptions";
import { savePreferencesAction, unsubscribeAction } from "@/lib/digest/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Digest preferences",
  robots: { index: false },
  referrer: "no-referrer",
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATUS: Record<string, string> = {
  active: "The digest is on.",
  pending: "Not confirmed yet: use the link in the confirmation mail.",
  unsubscribed: "You are unsubscribed: nothing is sent. Subscribe again at the bottom of any page.",
  bouncing:
    "Mail to this address bounced, so nothing is sent. Subscribe again at the bottom of any page once it works.",
};

export default async function PreferencesPage({ searchParams }: Props) {
  const token = (await searchParams).token;
  const view = await getPreferences(token);
  if (!view || typeof token !== "string") {
    return (
      <div className="mx-auto max-w-xl py-8">
        <h1 className="text-2xl font-bold">This link is not valid</h1>
        <p className="mt-2 text-gray-600 dark:text-gray-300">
          Use the preferences link at the bottom of your latest digest.
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-xl py-8">
      <h1 className="text-2xl font-bold">Your digest</h1>
      <p className="mt-1 text-gray-600 dark:text-gray-300">
        For <strong>{view.email}</strong>.{" "}
        <span data-subscription-status={view.status}>{STATUS[view.status]}</span>
      </p>
      <div className="mt-6">
        <PreferencesForm
          action={savePreferencesAction}
          token={token}
          preferences={view}
          schedule={digestScheduleWords()}
        />
      </div>
      {view.status !== "unsubscribed" ? (
        <div className="mt-10 border-t border-gray-200 pt-6 dark:border-gray-800">
          <h2 className="mb-3 font-medium">Stop the digest</h2>
          <UnsubscribeForm action={unsubscribeAction} token={view.unsubscribeToken} />
        </div>
      ) : null}
    </div>
  );
}
