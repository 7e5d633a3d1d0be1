"use client";

import { useState } from "react";

type Props = { action: string; token: string; email: string; callbackUrl: string };

/**
 * The button a sign-in mail leads to. A plain form POST (it works without
 * JavaScript); the button is disabled once pressed, since a second press
 * would spend the link on a request whose answer the browser drops.
 */
export function SignInConfirmForm({ action, token, email, callbackUrl }: Props) {
  const [sending, setSending] = useState(false);
  return (
    <form method="post" action={action} onSubmit={() => setSending(true)}>
      <h1 className="text-2xl font-bold">Sign in to Paperboy</h1>
      <p className="mt-2 text-sm text-gray-600 dark:text-gray-400">
        as <strong className="text-gray-900 dark:text-gray-100">{email}</strong>
      </p>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="email" value={email} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button
        type="submit"
        disabled={sending}
        className="mt-6 w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {sending ? "Signing in…" : "Sign in"}
      </button>
      <p className="mt-3 text-xs text-gray-500 dark:text-gray-400">
        The link works once. If you did not ask for it, close this page: nothing happens without the button.
      </p>
    </form>
  );
}
