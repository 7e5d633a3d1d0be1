"use client";

import { useActionState } from "react";
import type { FormResult } from "@/lib/html/form-result";

export function AccountSubscribe({
  action,
  label,
}: {
  action: (previous: FormResult | null) => Promise<FormResult>;
  label: string;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="mt-4">
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {pending ? "…" : label}
      </button>
      {result ? (
        <p
          role={result.ok ? "status" : "alert"}
          className={`mt-3 text-sm ${result.ok ? "text-green-700 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}
        >
          {result.ok ? result.message : result.error}
        </p>
      ) : null}
    </form>
  );
}
