"use server";
// Server actions of the digest's forms (Next checks their Origin: no CSRF).
// Each parses its form in lib and returns a state for the form to show.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { clientIpOf } from "@/lib/auth/client-ip";
import { getViewer } from "@/lib/auth/session";
import { subscribeAccount } from "@/lib/digest/account";
import {
  confirmSubscription,
  requestSubscription,
  savePreferences,
  unsubscribeByToken,
  type ConfirmState,
  type PreferencesResult,
  type UnsubscribeState,
} from "@/lib/digest/subscriptions";
import type { FormResult } from "@/lib/html/form-result";

const TRY_AGAIN: FormResult = {
  ok: false,
  error: "Something went wrong on our side. Try again in a moment.",
};

async function orTryAgain<T>(run: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    console.error(error);
    return fallback;
  }
}

export async function subscribeAction(_previous: FormResult | null, form: FormData): Promise<FormResult> {
  const clientIp = clientIpOf(await headers());
  return orTryAgain(() => requestSubscription({ email: form.get("email"), clientIp }), TRY_AGAIN);
}

export async function confirmAction(
  _previous: ConfirmState | { state: "error" } | null,
  form: FormData,
): Promise<ConfirmState | { state: "error" }> {
  return orTryAgain<ConfirmState | { state: "error" }>(() => confirmSubscription(form.get("token")), {
    state: "error",
  });
}

export async function unsubscribeAction(
  _previous: UnsubscribeState | { state: "error" } | null,
  form: FormData,
): Promise<UnsubscribeState | { state: "error" }> {
  return orTryAgain<UnsubscribeState | { state: "error" }>(() => unsubscribeByToken(form.get("token")), {
    state: "error",
  });
}

export async function savePreferencesAction(
  _previous: PreferencesResult | null,
  form: FormData,
): Promise<PreferencesResult> {
  return orTryAgain<PreferencesResult>(() => savePreferences(Object.fromEntries(form)), {
    ok: false,
    error: "Something went wrong on our side. Try again in a moment.",
  });
}

/** The account page's one-click subscription: the signed-in address needs no confirmation mail. */
export async function subscribeAccountAction(_previous: FormResult | null): Promise<FormResult> {
  const viewer = await getViewer();
  if (!viewer?.email) return { ok: false, error: "Sign in with an email address first." };
  const result = await subscribeAccount({ id: viewer.id, email: viewer.email }, clientIpOf(await headers()));
  revalidatePath("/me/digest");
  return result;
}
