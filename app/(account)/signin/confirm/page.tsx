// GET /signin/confirm?token=&email=&callbackUrl= - where a sign-in mail leads: a button, since mail
// scanners open links; only its POST (to next-auth's email callback) signs in.
import type { Metadata } from "next";
import Link from "next/link";
import { SignInConfirmForm } from "@/components/auth/sign-in-confirm-form";
import { EMAIL_CALLBACK_PATH, readSignInLink } from "@/lib/auth/sign-in-link";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Sign in",
  robots: { index: false },
  // The address holds the token: never send it to another site.
  referrer: "same-origin",
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInConfirmPage({ searchParams }: Props) {
  const link = readSignInLink(await searchParams);
  return (
    <div className="mx-auto max-w-sm py-10">
      {link ? (
        <SignInConfirmForm action={EMAIL_CALLBACK_PATH} {...link} />
      ) : (
        <>
          <h1 className="text-2xl font-bold">This sign-in link is not valid</h1>
          <p className="mt-2 text-sm text-gray-600 dark:text-gray-400">
            Check that the whole link was copied from the mail, or{" "}
            <Link href="/signin" className="text-indigo-600 underline dark:text-indigo-400">
              ask for a new one
            </Link>
            .
          </p>
        </>
      )}
    </div>
  );
}
