"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState } from "react";

type Props = { callbackUrl: string; github: boolean; error: string | null; outbox: boolean };

export function SignInForm({ callbackUrl, github, error, outbox }: Props) {
  const [state, setState] = useState<{ status: "idle" | "sending" | "sent" | "error"; message?: string }>(
    error ? { status: "error", message: error } : { status: "idle" },
  );

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = new FormData(event.currentTarget).get("email");
    if (typeof email !== "string") return;
    setState({ status: "sending" });
    const result = await signIn("email", { email, callbackUrl, redirect: false }).catch(() => undefined);
    if (result?.ok && !result.error) setState({ status: "sent", message: email });
    else
      setState({
        status: "error",
        message:
          result?.status === 429
            ? "Too many sign-in requests from here. Try again later."
            : "That did not work: check the address and try again.",
      });
  };

  if (state.status === "sent") {
    return (
      <div
        role="status"
        className="mt-6 rounded-lg border border-green-300 bg-green-50 p-4 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200"
      >
        <p className="font-medium">Check your inbox.</p>
        <p className="mt-1">
          If {state.message} can receive mail, a sign-in link is on its way. It works once, for 30 minutes.
        </p>
        {outbox ? (
          <p className="mt-2">
            No mail server is configured: the mail is in the local outbox,{" "}
            <Link className="underline" href="/dev/outbox">
              /dev/outbox
            </Link>
            .
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <div className="mt-6 space-y-4">
      {state.status === "error" ? (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {state.message}
        </p>
      ) : null}
      <form onSubmit={(event) => void onSubmit(event)} className="space-y-3">
        <label htmlFor="signin-email" className="block text-sm font-medium">
          Email address
        </label>
        <input
          id="signin-email"
          name="email"
          type="email"
          required
          maxLength={254}
          autoComplete="email"
          className="w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 dark:border-gray-700 dark:bg-gray-900"
        />
        <button
          type="submit"
          disabled={state.status === "sending"}
          className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          {state.status === "sending" ? "Sending…" : "Mail me a sign-in link"}
        </button>
      </form>
      {github ? (
        <button
          type="button"
          onClick={() => void signIn("github", { callbackUrl })}
          className="w-full rounded-md border border-gray-300 px-3 py-2 text-sm font-semibold hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800"
        >
          Sign in with GitHub
        </button>
      ) : null}
    </div>
  );
}
