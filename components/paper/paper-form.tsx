"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { PaperFormResult, PaperFormValues } from "@/lib/papers/submissions";

type Props = {
  action: (previous: PaperFormResult | null, form: FormData) => Promise<PaperFormResult>;
  mode: "submit" | "edit";
  values?: PaperFormValues;
  /** From an arXiv lookup: vouches for what arXiv said that the form does not show. */
  lookupToken?: string;
};

const field =
  "w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 dark:border-gray-700 dark:bg-gray-900";

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
      {result && !result.ok ? (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {result.error}
          {result.existingId ? (
            <>
              {" "}
              <Link className="underline" href={`/papers/${result.existingId}`}>
                See it in the feed
              </Link>
              .
            </>
          ) : null}
        </p>
      ) : null}
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
        <div>
          <label htmlFor="paper-id" className="block text-sm font-medium">
            arXiv id
          </label>
          <input
            id="paper-id"
            name="id"
            required
            maxLength={40}
            placeholder="2405.15738"
            defaultValue={values.id}
            className={field}
          />
        </div>
      ) : (
        <input type="hidden" name="id" value={values.id} />
      )}
      <div>
        <label htmlFor="paper-title" className="block text-sm font-medium">
          Title
        </label>
        <input
          id="paper-title"
          name="title"
          required
          maxLength={1000}
          defaultValue={values.title}
          className={field}
        />
      </div>
      <div>
        <label htmlFor="paper-abstract" className="block text-sm font-medium">
          Abstract
        </label>
        <textarea
          id="paper-abstract"
          name="abstract"
          required
          rows={8}
          defaultValue={values.abstract}
          className={field}
        />
      </div>
      <div>
        <label htmlFor="paper-authors" className="block text-sm font-medium">
          Authors <span className="font-normal text-gray-500">(one per line, or separated by commas)</span>
        </label>
        <textarea
          id="paper-authors"
          name="authors"
          required
          rows={3}
          defaultValue={values.authors}
          className={field}
        />
      </div>
      <div>
        <label htmlFor="paper-org" className="block text-sm font-medium">
          Organization <span className="font-normal text-gray-500">(optional)</span>
        </label>
        <input
          id="paper-org"
          name="organization"
          maxLength={200}
          defaultValue={values.organization}
          className={field}
        />
      </div>
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
