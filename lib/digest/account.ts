import { db } from "@/lib/db";
import { preferencesUrl } from "./links";
import { activateSubscriber, findSubscriberByEmail, upsertPendingSubscriber } from "./subscriber-queries";
import type { FormResult } from "@/lib/html/form-result";
import { requestSubscription } from "./subscriptions";

// The digest from a signed-in reader's account. Signing in by a mailed link
// proves the address, so it needs no second confirmation; an address that
// came from elsewhere (GitHub) goes through the usual double opt-in.

export type AccountSubscription = {
  status: "none" | "active" | "pending" | "unsubscribed" | "bouncing";
  email: string;
  preferencesUrl: string | null;
};

export async function getAccountSubscription(email: string): Promise<AccountSubscription> {
  const subscriber = await findSubscriberByEmail(email);
  if (!subscriber) return { status: "none", email, preferencesUrl: null };
  return { status: subscriber.status, email, preferencesUrl: preferencesUrl(subscriber.id) };
}

export async function subscribeAccount(
  user: { id: string; email: string },
  clientIp: string,
): Promise<FormResult> {
  const account = await db().user.findUnique({ where: { id: user.id }, select: { emailVerified: true } });
  if (!account?.emailVerified) return requestSubscription({ email: user.email, clientIp });
  const subscriber = await upsertPendingSubscriber(user.email);
  await activateSubscriber(subscriber.id);
  await db().subscriber.update({ where: { id: subscriber.id }, data: { userId: user.id } });
  return { ok: true, message: "The digest is on: it comes with the next period." };
}
