"use client";
import { useActionState } from "react";
import type { FormResult } from "@/lib/html/form-result";

type Props = {
  action: (state: FormResult | null, form: FormData) => Promise<FormResult>;
  /** Distinguishes two forms on one page (the footer's and the subscribe page's). */
  id: string;
};

/** An address and a button; the answer (the same whether the address was known or not) shows beside it. */
export function SubscribeForm({ action, id }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} data-subscribe-form className="flex flex-col gap-2">
      <div className="flex gap-2">
        <label htmlFor={`${id}-email`} className="sr-only">
          Email address
        </label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          required
          maxLength={254}
          autoComplete="email"
          placeholder="you@example.org"
          className="w-full min-w-0 rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-gray-900 placeholder:text-gray-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-100"
        />
        <button
          type="submit"
          disabled={pending}
          className="shrink-0 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          {pending ? "Sending…" : "Subscribe"}
        </button>
      </div>
      <p
        role="status"
        aria-live="polite"
        data-subscribe-status
        className={
          state?.ok === false ? "text-red-600 dark:text-red-400" : "text-gray-600 dark:text-gray-300"
        }
      >
        {state ? (state.ok ? state.message : state.error) : null}
      </p>
    </form>
  );
}
