import { z } from "zod";

/** Where to return after signing in: a path on this site, never another host. */
export const callbackUrlSchema = z
  .string()
  .max(2_000)
  .refine(
    (s) => s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\"),
    "must be a path on this site",
  )
  .catch("/");

const SIGN_IN_ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  EmailSignin: "The sign-in mail could not be sent. Try again in a moment.",
  OAuthAccountNotLinked: "That address already signs in another way: use the link by email.",
  AccessDenied: "Sign-in was refused.",
};

export function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return SIGN_IN_ERRORS[code] ?? "Sign-in did not work. Try again.";
}
