import { PrismaAdapter } from "@auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { emailAddressSchema } from "@/lib/mail/address";
import { sendMail } from "@/lib/mail/transport";
import { safeReturnPath } from "./callback-url";
import { hitRateLimit } from "./rate-limit";
import { signInPageUrl } from "./sign-in-link";
import { renderSignInMail } from "./sign-in-mail";

// next-auth v4: sessions and accounts in Postgres through the Prisma adapter;
// sign-in by a link mailed through lib/mail (the SMTP server, or the local
// outbox), and GitHub when GITHUB_ID and GITHUB_SECRET are set.

export const SIGN_IN_LINKS_PER_ADDRESS = { limit: 5, windowSeconds: 3_600 };
export const SIGN_IN_LINK_MAX_AGE_SECONDS = 30 * 60;

/** One spelling per address: trimmed and lower-cased; anything else is refused. */
export function normalizeEmail(input: string): string {
  const parsed = emailAddressSchema.safeParse(input);
  if (!parsed.success) throw new Error("That is not an email address.");
  return parsed.data;
}

export function configuredProviders(): { email: true; github: boolean } {
  const env = getEnv();
  return { email: true, github: !!(env.GITHUB_ID && env.GITHUB_SECRET) };
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = getEnv();
  cached = {
    // @auth/prisma-adapter speaks Auth.js's adapter interface, which next-auth 4 shares in substance.
    adapter: PrismaAdapter(db()) as unknown as Adapter,
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "database", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/signin", verifyRequest: "/signin?sent=1", error: "/signin" },
    providers: [
      EmailProvider({
        // Never used: sendVerificationRequest below sends through lib/mail.
        server: env.SMTP_URL ?? "smtp://127.0.0.1:25",
        from: env.MAIL_FROM,
        maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
        normalizeIdentifier: normalizeEmail,
        async sendVerificationRequest({ identifier, url, expires }) {
          // Per address: a flood of requests for one inbox sends at most a few links.
          // The answer to the browser is the same either way, so it reveals nothing.
          const limit = await hitRateLimit(
            `signin:address:${identifier}`,
            SIGN_IN_LINKS_PER_ADDRESS.limit,
            SIGN_IN_LINKS_PER_ADDRESS.windowSeconds,
          );
          if (!limit.allowed) {
            console.warn(
              `[auth] sign-in link for an address held back: over ${SIGN_IN_LINKS_PER_ADDRESS.limit} an hour`,
            );
            return;
          }
          // The mail links to our page with a button, not to the callback: scanners open links.
          const mail = renderSignInMail({ url: signInPageUrl(url), host: new URL(url).host, expires });
          await sendMail({ to: identifier, ...mail });
        },
      }),
      ...(env.GITHUB_ID && env.GITHUB_SECRET
        ? [GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET })]
        : []),
    ],
    callbacks: {
      // next-auth's own check passes any string that starts with "/" (a tab or
      // a backslash after it leads elsewhere) and throws on one it cannot
      // parse, which answers 500.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeReturnPath(url, baseUrl)}`;
      },
      session({ session, user }) {
        return { ...session, user: { ...session.user, id: user.id, email: user.email, name: user.name } };
      },
    },
  };
  return cached;
}
