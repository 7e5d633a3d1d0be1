// GET /me/digest - the signed-in reader's email digest: status, preferences, subscribe
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AccountSubscribe } from "@/components/subscription/account-subscribe";
import { getViewer } from "@/lib/auth/session";
import { getAccountSubscription } from "@/lib/digest/account";
import { subscribeAccountAction } from "@/lib/digest/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Email digest" };

const STATUS = {
  none: "You do not get the digest.",
  active: "The digest is on.",
  pending: "Waiting for you to confirm: use the link in the confirmation mail.",
  unsubscribed: "You unsubscribed: nothing is sent.",
  bouncing: "Mail to this address bounced, so nothing is sent.",
} as const;

export default async function AccountDigestPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin?callbackUrl=/me/digest");
  if (!viewer.email) return <p className="py-10">This account has no email address to send a digest to.</p>;
  const subscription = await getAccountSubscription(viewer.email);
  return (
    <div className="mx-auto max-w-xl py-8">
      <h1 className="text-2xl font-bold">Email digest</h1>
      <p className="mt-2 text-gray-600 dark:text-gray-300">
        Trending papers in your inbox at <strong>{viewer.email}</strong>.{" "}
        <span data-subscription-status={subscription.status}>{STATUS[subscription.status]}</span>
      </p>
      {subscription.preferencesUrl &&
      subscription.status !== "unsubscribed" &&
      subscription.status !== "bouncing" ? (
        <p className="mt-4">
          <Link
            className="text-indigo-600 underline dark:text-indigo-400"
            href={new URL(subscription.preferencesUrl).pathname + new URL(subscription.preferencesUrl).search}
          >
            Daily or weekly, keywords, minimum upvotes, or unsubscribe
          </Link>
        </p>
      ) : (
        <AccountSubscribe
          action={subscribeAccountAction}
          label={subscription.status === "none" ? "Send me the digest" : "Send me the digest again"}
        />
      )}
    </div>
  );
}
