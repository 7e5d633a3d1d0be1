"use client";

import Link from "next/link";
import { useActionState, type ComponentProps, type ReactNode } from "react";
import type { PaperFormResult, PaperFormValues } from "@/lib/papers/submissions";

type Props = {
  action: (previous: PaperFormResult | null, form: FormData) => Promise<PaperFormResult>;
  mode: "submit" | "edit";
  values?: PaperFormValues;
  /** From an arXiv lookup: vouches for what arXiv said that the form does not show. */
  lookupToken?: string;
};

export const fieldClass =
  "w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 dark:border-gray-700 dark:bg-gray-900";

/** Why the server refused a paper, with the way to it when it is in the feed already. */
export function PaperRefusal({
  error,
  existingId,
  className = "",
  ...rest
}: { error: string; existingId?: string } & ComponentProps<"p">) {
  return (
    <p
      role="alert"
      {...rest}
      className={`rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200 ${className}`}
    >
      {error}
      {existingId ? (
        <>
          {" "}
          <Link className="underline" href={`/papers/${existingId}`}>
            See it in the feed
          </Link>
          .
        </>
      ) : null}
    </p>
  );
}

function Field({
  id,
  label,
  hint,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {hint ? <span className="font-normal text-gray-500"> ({hint})</span> : null}
      </label>
      {children}
    </div>
  );
}

/**
 * Submit a paper, or (admins) edit one. Validation happens on the server; its
 * message shows here. React resets the form after each submission, so the
 * fields show what was last sent (the result carries it), not the defaults.
 */
export function PaperForm({ action, mode, values: initial = {}, lookupToken }: Props) {
  const [result, formAction, pending] = useActionState(action, null);
  const values = result?.values ?? initial;
  return (
    <form action={formAction} className="mt-6 space-y-4">
      {lookupToken ? <input type="hidden" name="lookup" value={lookupToken} /> : null}
      {result && !result.ok ? <PaperRefusal error={result.error} existingId={result.existingId} /> : null}
      {result?.ok ? (
        <p
          role="status"
          className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200"
        >
          {mode === "submit" ? "Added to today's feed." : "Saved."}{" "}
          <Link className="underline" href={`/papers/${result.id}`}>
            Open the paper
          </Link>
          .
        </p>
      ) : null}
      {mode === "submit" ? (
        <Field id="paper-id" label="arXiv id">
          <input
            id="paper-id"
            name="id"
            required
            maxLength={40}
            placeholder="2405.15738"
            defaultValue={values.id}
            className={fieldClass}
          />
        </Field>
      ) : (
        <input type="hidden" name="id" value={values.id} />
      )}
      <Field id="paper-title" label="Title">
        <input
          id="paper-title"
          name="title"
          required
          maxLength={1000}
          defaultValue={values.title}
          className={fieldClass}
        />
      </Field>
      <Field id="paper-abstract" label="Abstract">
        <textarea
          id="paper-abstract"
          name="abstract"
          required
          rows={8}
          defaultValue={values.abstract}
          className={fieldClass}
        />
      </Field>
      <Field id="paper-authors" label="Authors" hint="one per line, or separated by commas">
        <textarea
          id="paper-authors"
          name="authors"
          required
          rows={3}
          defaultValue={values.authors}
          className={fieldClass}
        />
      </Field>
      <Field id="paper-org" label="Organization" hint="optional">
        <input
          id="paper-org"
          name="organization"
          maxLength={200}
          defaultValue={values.organization}
          className={fieldClass}
        />
      </Field>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {pending ? "Saving…" : mode === "submit" ? "Submit to today's feed" : "Save"}
      </button>
    </form>
  );
}
