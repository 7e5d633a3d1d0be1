import "server-only";
import { hitRateLimit } from "@/lib/auth/rate-limit";
import { appUrl } from "@/lib/env";
import { formatZodError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/transport";
import {
  CONFIRM_VALID_DAYS,
  confirmUrl,
  preferencesUrl,
  readConfirmToken,
  readSubscriberToken,
  unsubscribeToken,
} from "./links";
import {
  activateSubscriber,
  claimConfirmationSend,
  findSubscriberById,
  releaseConfirmationSend,
  unsubscribeSubscriber,
  updateSubscriberPreferences,
  upsertPendingSubscriber,
  type SubscriberRow,
} from "./subscriber-queries";
import { digestScheduleWords } from "./schedule-words";
import { renderAlreadySubscribedMail, renderConfirmationMail } from "./render";
import { preferencesFormSchema, subscribeFormSchema, tokenSchema } from "./schemas";
import type { FormResult } from "@/lib/html/form-result";

// Subscribing (double opt-in), confirming, unsubscribing, preferences. What
// the routes and server actions call; every input is parsed here.

/** The one answer to a subscribe request, whether the address was known or not. */
export const SUBSCRIBE_ACCEPTED = "Almost done: check your inbox for a link to confirm your subscription.";

// A confirmation (or "already subscribed") mail goes to an address at most once an hour.
const RESEND_SECONDS = 3_600;
// Requests: per address (someone filling in a victim's address) and per client.
const PER_ADDRESS = { limit: 5, windowSeconds: 3_600 };
const PER_CLIENT = { limit: 20, windowSeconds: 3_600 };

export async function requestSubscription(
  input: { email: unknown; clientIp: string },
  log: (line: string) => void = console.error,
): Promise<FormResult> {
  const parsed = subscribeFormSchema.safeParse({ email: input.email });
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]?.message ?? "Enter a valid email address." };
  const email = parsed.data.email;

  for (const [key, rule] of [
    [`subscribe:client:${input.clientIp}`, PER_CLIENT],
    [`subscribe:address:${email}`, PER_ADDRESS],
  ] as const) {
    const hit = await hitRateLimit(key, rule.limit, rule.windowSeconds);
    if (!hit.allowed)
      return {
        ok: false,
        error: `Too many attempts. Try again in ${Math.ceil(hit.retryAfterSeconds / 60)} minutes.`,
      };
  }

  const subscriber = await upsertPendingSubscriber(email);
  const previous = await claimConfirmationSend(subscriber.id, RESEND_SECONDS);
  // Sent within the hour: say the same thing, send nothing.
  if (!previous) return { ok: true, message: SUBSCRIBE_ACCEPTED };
  try {
    await sendSubscriptionMail(subscriber);
  } catch (error) {
    await releaseConfirmationSend(subscriber.id, previous);
    log(
      `[digest] could not send the confirmation mail: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { ok: false, error: "The mail could not be sent just now. Try again in a few minutes." };
  }
  return { ok: true, message: SUBSCRIBE_ACCEPTED };
}

async function sendSubscriptionMail(subscriber: SubscriberRow): Promise<void> {
  const site = appUrl();
  if (subscriber.status === "active") {
    const mail = renderAlreadySubscribedMail({
      email: subscriber.email,
      preferencesUrl: preferencesUrl(subscriber.id),
      site,
    });
    await sendMail({ to: subscriber.email, ...mail });
    return;
  }
  const mail = renderConfirmationMail({
    email: subscriber.email,
    confirmUrl: confirmUrl(subscriber.id),
    site,
    validDays: CONFIRM_VALID_DAYS,
  });
  await sendMail({ to: subscriber.email, ...mail });
}

// ---- confirming -----------------------------------------------------------------

export type ConfirmState =
  | { state: "ready"; email: string }
  | { state: "confirmed"; email: string }
  | { state: "already_active"; email: string }
  | { state: "outdated"; email: string }
  | { state: "expired" }
  | { state: "invalid" };

async function confirmTarget(
  token: unknown,
): Promise<{ subscriber: SubscriberRow; issuedAt: number } | { state: "expired" | "invalid" }> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return { state: "invalid" };
  const read = readConfirmToken(parsed.data);
  if (!read.ok) return { state: read.reason };
  const subscriber = await findSubscriberById(read.subscriberId);
  return subscriber ? { subscriber, issuedAt: read.issuedAt } : { state: "invalid" };
}

function stateOf(subscriber: SubscriberRow, issuedAt: number): ConfirmState | null {
  if (subscriber.status === "active") return { state: "already_active", email: subscriber.email };
  // Unsubscribed after this link was sent: the old link must not undo that.
  if (subscriber.unsubscribedAt && subscriber.unsubscribedAt.getTime() > issuedAt)
    return { state: "outdated", email: subscriber.email };
  return null;
}

/** For the page a confirm link opens (GET): says what a click would do, changes nothing. */
export async function inspectConfirmation(token: unknown): Promise<ConfirmState> {
  const target = await confirmTarget(token);
  if ("state" in target) return target;
  return stateOf(target.subscriber, target.issuedAt) ?? { state: "ready", email: target.subscriber.email };
}

/** The confirm button (POST): makes the subscription active. */
export async function confirmSubscription(token: unknown): Promise<ConfirmState> {
  const target = await confirmTarget(token);
  if ("state" in target) return target;
  const blocked = stateOf(target.subscriber, target.issuedAt);
  if (blocked) return blocked;
  await activateSubscriber(target.subscriber.id);
  return { state: "confirmed", email: target.subscriber.email };
}

// ---- unsubscribing ---------------------------------------------------------------

export type UnsubscribeState =
  { state: "ready" | "unsubscribed" | "already_unsubscribed"; email: string } | { state: "invalid" };

async function tokenSubscriber(
  purpose: "unsubscribe" | "preferences",
  token: unknown,
): Promise<SubscriberRow | null> {
  const parsed = tokenSchema.safeParse(token);
  const id = parsed.success ? readSubscriberToken(purpose, parsed.data) : null;
  return id ? findSubscriberById(id) : null;
}

export async function inspectUnsubscribe(token: unknown): Promise<UnsubscribeState> {
  const subscriber = await tokenSubscriber("unsubscribe", token);
  if (!subscriber) return { state: "invalid" };
  return {
    state: subscriber.status === "unsubscribed" ? "already_unsubscribed" : "ready",
    email: subscriber.email,
  };
}

/** One-click (RFC 8058) and the page's button: no sign-in, the signed link is the credential. */
export async function unsubscribeByToken(token: unknown): Promise<UnsubscribeState> {
  const subscriber = await tokenSubscriber("unsubscribe", token);
  if (!subscriber) return { state: "invalid" };
  await unsubscribeSubscriber(subscriber.id);
  return { state: "unsubscribed", email: subscriber.email };
}

// ---- preferences -----------------------------------------------------------------

export type PreferencesView = {
  email: string;
  status: SubscriberRow["status"];
  frequency: SubscriberRow["frequency"];
  keywords: string | null;
  minUpvotes: number | null;
  /** For the unsubscribe button on the page. */
  unsubscribeToken: string;
};

export async function getPreferences(token: unknown): Promise<PreferencesView | null> {
  const subscriber = await tokenSubscriber("preferences", token);
  if (!subscriber) return null;
  return {
    email: subscriber.email,
    status: subscriber.status,
    frequency: subscriber.frequency,
    keywords: subscriber.keywords,
    minUpvotes: subscriber.minUpvotes,
    unsubscribeToken: unsubscribeToken(subscriber.id),
  };
}

export type SavedPreferences = Pick<PreferencesView, "frequency" | "keywords" | "minUpvotes">;

/** A save's answer, with what the form should show next: the saved values, or on a mistake what was typed. */
export type PreferencesResult = FormResult<
  { message: string; preferences: SavedPreferences },
  { typed?: Record<string, string> }
>;

export async function savePreferences(form: Record<string, unknown>): Promise<PreferencesResult> {
  const typed = Object.fromEntries(
    ["frequency", "keywords", "minUpvotes"].map((k) => [k, typeof form[k] === "string" ? form[k] : ""]),
  );
  const parsed = preferencesFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false, error: formatZodError(parsed.error), typed };
  const subscriber = await tokenSubscriber("preferences", parsed.data.token);
  if (!subscriber)
    return { ok: false, error: "This link is not valid. Use the preferences link in your latest digest." };
  const { frequency, keywords, minUpvotes } = parsed.data;
  await updateSubscriberPreferences(subscriber.id, { frequency, keywords, minUpvotes });
  const words = digestScheduleWords();
  const cadence = frequency === "daily" ? words.daily : words.weekly;
  return {
    ok: true,
    message: `Saved. Your digest comes ${cadence}${subscriber.status === "active" ? "" : " once you subscribe again"}.`,
    preferences: { frequency, keywords, minUpvotes },
  };
}
