"use client";
import { useActionState } from "react";
import type { UnsubscribeState } from "@/lib/digest/subscriptions";

type Result = UnsubscribeState | { state: "error" };

/** One button, no sign-in: the signed link is the credential. */
export function UnsubscribeForm({
  action,
  token,
  label = "Unsubscribe",
}: {
  action: (state: Result | null, form: FormData) => Promise<Result>;
  token: string;
  label?: string;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  if (result?.state === "unsubscribed") {
    return (
      <p role="status" data-unsubscribe-result="unsubscribed" className="font-medium">
        Unsubscribed: nothing more will be sent to {result.email}.
      </p>
    );
  }
  return (
    <form action={formAction}>
      <input type="hidden" name="token" value={token} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-red-300 px-4 py-2 font-medium text-red-700 hover:bg-red-50 disabled:opacity-60 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
      >
        {pending ? "Unsubscribing…" : label}
      </button>
      {result ? (
        <p role="alert" className="mt-3 text-red-600 dark:text-red-400">
          {result.state === "error"
            ? "Something went wrong on our side. Try again in a moment."
            : "This unsubscribe link is not valid."}
        </p>
      ) : null}
    </form>
  );
}
