// GET /signin?callbackUrl=&error= - sign in by email link (and GitHub when configured)
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeReturnPath, signInErrorMessage } from "@/lib/auth/callback-url";
import { configuredProviders } from "@/lib/auth/options";
import { getViewer } from "@/lib/auth/session";
import { signInOrigin } from "@/lib/auth/sign-in-link";
import { mailMode } from "@/lib/mail/transport";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  // next-auth sends absolute addresses on its own origin here.
  const callbackUrl = safeReturnPath(params.callbackUrl, signInOrigin());
  // Back to this page would be a loop.
  if (await getViewer()) redirect(callbackUrl.split(/[?#]/)[0] === "/signin" ? "/" : callbackUrl);
  const providers = configuredProviders();
  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-2xl font-bold">Sign in</h1>
      <p className="mt-2 text-sm text-gray-600 dark:text-gray-400">
        to upvote papers and submit new ones. No password: we mail you a link.
      </p>
      <SignInForm
        callbackUrl={callbackUrl}
        github={providers.github}
        error={signInErrorMessage(typeof params.error === "string" ? params.error : undefined)}
        outbox={mailMode() === "outbox"}
      />
    </div>
  );
}
