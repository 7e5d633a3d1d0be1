"use client";
import Link from "next/link";
import { useActionState } from "react";
import type { ConfirmState } from "@/lib/digest/subscriptions";

type Result = ConfirmState | { state: "error" };

/** The confirm button: a click (a POST), never the opening of the link, makes the subscription active. */
export function ConfirmForm({
  action,
  token,
  email,
}: {
  action: (state: Result | null, form: FormData) => Promise<Result>;
  token: string;
  email: string;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  if (result?.state === "confirmed" || result?.state === "already_active") {
    return (
      <div role="status" data-confirm-result="confirmed">
        <h1 className="text-2xl font-bold">You are subscribed</h1>
        <p className="mt-2 text-gray-600 dark:text-gray-300">
          The digest of trending papers will come to <strong>{result.email}</strong>. Each one has a link to
          change how often, filter it, or unsubscribe.
        </p>
        <p className="mt-4">
          <Link href="/" className="text-indigo-600 underline dark:text-indigo-400">
            Today&apos;s papers
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form action={formAction}>
      <h1 className="text-2xl font-bold">Confirm your subscription</h1>
      <p className="mt-2 text-gray-600 dark:text-gray-300">
        Send Paperboy&apos;s digest of trending research papers to <strong>{email}</strong>?
      </p>
      <input type="hidden" name="token" value={token} />
      <button
        type="submit"
        disabled={pending}
        className="mt-4 rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {pending ? "Confirming…" : "Confirm my subscription"}
      </button>
      {result ? (
        <p role="alert" className="mt-3 text-red-600 dark:text-red-400">
          {result.state === "error"
            ? "Something went wrong on our side. Try again in a moment."
            : "This link can no longer confirm the subscription. Subscribe again below."}
        </p>
      ) : null}
    </form>
  );
}
