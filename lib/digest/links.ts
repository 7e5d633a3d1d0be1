import { signToken, verifyToken } from "@/lib/auth/signed-tokens";
import { appUrl } from "@/lib/env";
import { archivePath, type DigestPeriod } from "./periods";

// The signed links in the digest's mails. Confirm links expire (7 days, and a
// later unsubscribe outdates them); unsubscribe and preferences links never
// expire, since an unsubscribe link in an old mail must still work: mail
// clients offer one-click unsubscribe (RFC 8058) on every mail they hold. Only
// the end of a MAIL_LINK_SECRET rotation voids them (docs/decisions/010).

export const CONFIRM_VALID_DAYS = 7;

export function confirmUrl(subscriberId: string, now = Date.now()): string {
  const token = signToken("confirm", `${subscriberId}:${now}`, CONFIRM_VALID_DAYS * 86_400, now);
  return `${appUrl()}/subscribe/confirm?token=${token}`;
}

/** The subscriber a confirm token names and when it was issued, or why it is not usable. */
export function readConfirmToken(
  token: string,
  now = Date.now(),
): { ok: true; subscriberId: string; issuedAt: number } | { ok: false; reason: "expired" | "invalid" } {
  const verified = verifyToken("confirm", token, now);
  if (!verified.ok) return { ok: false, reason: verified.reason === "expired" ? "expired" : "invalid" };
  const match = /^(.+):(\d+)$/.exec(verified.subject);
  if (!match) return { ok: false, reason: "invalid" };
  return { ok: true, subscriberId: match[1]!, issuedAt: Number(match[2]) };
}

export function unsubscribeToken(subscriberId: string): string {
  return signToken("unsubscribe", subscriberId, null);
}

export function unsubscribeUrl(subscriberId: string): string {
  return `${appUrl()}/unsubscribe?token=${unsubscribeToken(subscriberId)}`;
}

/** The List-Unsubscribe header's address: POST unsubscribes at once (RFC 8058), GET shows the page. */
export function oneClickUnsubscribeUrl(subscriberId: string): string {
  return `${appUrl()}/unsubscribe/one-click?token=${unsubscribeToken(subscriberId)}`;
}

export function preferencesUrl(subscriberId: string): string {
  return `${appUrl()}/preferences?token=${signToken("preferences", subscriberId, null)}`;
}

/** The subscriber an unsubscribe or preferences token names, or null. */
export function readSubscriberToken(purpose: "unsubscribe" | "preferences", token: string): string | null {
  const verified = verifyToken(purpose, token);
  return verified.ok ? verified.subject : null;
}

export function archiveUrl(period: DigestPeriod): string {
  return `${appUrl()}${archivePath(period)}`;
}
