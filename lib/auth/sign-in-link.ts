import { NextRequest } from "next/server";
import { z } from "zod";
import { appUrl, getEnv } from "@/lib/env";
import { emailAddressSchema } from "@/lib/mail/address";
import { safeReturnPath } from "./callback-url";

// A sign-in link signs in whoever uses it first, and mail scanners open the
// links in every mail they pass. So the mail links to a page of ours that
// only shows a button (/signin/confirm); the button POSTs the link's token to
// next-auth's email callback, and only that POST signs in. A GET of the
// callback itself (a link mailed before this page existed, or a scanner that
// guessed it) is sent to the page too.

export const SIGN_IN_PAGE_PATH = "/signin/confirm";
export const EMAIL_CALLBACK_PATH = "/api/auth/callback/email";

const signInLinkSchema = z.object({
  // next-auth's tokens are hex; anything else is not one of ours.
  token: z.string().regex(/^[0-9a-f]{16,256}$/),
  email: emailAddressSchema,
  callbackUrl: z.string().max(2_000).optional(),
});

export type SignInLink = { token: string; email: string; callbackUrl: string };

/** What a sign-in link carries, or null; the return address is made a path on this site. */
export function readSignInLink(params: Record<string, unknown>): SignInLink | null {
  const parsed = signInLinkSchema.safeParse(params);
  if (!parsed.success) return null;
  return { ...parsed.data, callbackUrl: safeReturnPath(parsed.data.callbackUrl, signInOrigin()) };
}

/** The page a sign-in mail links to, for next-auth's callback link. */
export function signInPageUrl(callbackLink: string): string {
  const link = new URL(callbackLink);
  const page = new URL(SIGN_IN_PAGE_PATH, link.origin);
  for (const name of ["token", "email", "callbackUrl"]) {
    const value = link.searchParams.get(name);
    if (value !== null) page.searchParams.set(name, value);
  }
  return page.toString();
}

/** A GET of the email callback: not a sign-in, the page with the button. */
export function redirectToSignInPage(request: Request): Response {
  const page = new URL(SIGN_IN_PAGE_PATH, signInOrigin());
  const given = new URL(request.url).searchParams;
  for (const name of ["token", "email", "callbackUrl"]) {
    const value = given.get(name);
    if (value !== null) page.searchParams.set(name, value);
  }
  return new Response(null, {
    status: 303,
    headers: { Location: page.toString(), "Cache-Control": "no-store" },
  });
}

/**
 * The button's POST, turned into the request next-auth's email callback reads
 * (it takes the token from the query), or the answer when it is not one: 403
 * from anywhere but our own page, 400 when the form is not a sign-in link's.
 */
export async function emailCallbackRequest(request: NextRequest): Promise<NextRequest | Response> {
  if (!isSameOriginPost(request.headers, signInOrigin())) {
    return plain(403, "This sign-in form can only be sent from Paperboy's own sign-in page.");
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return plain(400, "Bad request: not a sign-in form.");
  }
  const link = readSignInLink(Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
  if (!link) return plain(400, "Bad request: that is not a sign-in link.");
  const url = new URL(request.url);
  url.search = new URLSearchParams(link).toString();
  const headers = new Headers(request.headers);
  headers.delete("content-type");
  headers.delete("content-length");
  return new NextRequest(url, { method: "POST", headers });
}

/**
 * Whether a POST comes from a page of `origin`'s. Fetch Metadata says so where
 * the browser sends it (a cross-site form cannot fake it); otherwise the
 * Origin header must name us. A request with neither is not a browser's form.
 */
export function isSameOriginPost(headers: Headers, origin: string): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return false;
  const from = headers.get("origin");
  if (from !== null && from !== "null") return from === origin;
  return site === "same-origin";
}

/** The public origin sign-in runs on: next-auth's (NEXTAUTH_URL), else APP_URL's. */
export function signInOrigin(): string {
  return new URL(getEnv().NEXTAUTH_URL ?? appUrl()).origin;
}

function plain(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
