"use client";

import { useActionState } from "react";
import { formatDisplayDate, type IsoDate } from "@/lib/papers/dates";
import type { ArxivLookupResult, PaperFormResult } from "@/lib/papers/submissions";
import { fieldClass, PaperForm, PaperRefusal } from "./paper-form";

type Props = {
  lookup: (previous: ArxivLookupResult | null, form: FormData) => Promise<ArxivLookupResult>;
  submit: (previous: PaperFormResult | null, form: FormData) => Promise<PaperFormResult>;
};

/**
 * Step one of a submission: an arXiv id or link, looked up on arXiv. What
 * arXiv says fills the paper form for a last look; when the lookup fails,
 * its reason shows and the form comes empty, the id kept, to fill by hand.
 */
export function ArxivLookup({ lookup, submit }: Props) {
  const [result, lookupAction, pending] = useActionState(lookup, null);
  const formId = result?.ok ? result.paper.id : result?.id;
  // An id already in the feed links to it instead: submitting it again could only fail.
  const showForm = !!result && !!formId && (result.ok || !result.existingId);
  return (
    <>
      <form action={lookupAction} className="mt-6 space-y-2">
        <label htmlFor="arxiv-reference" className="block text-sm font-medium">
          arXiv id or link
        </label>
        <div className="flex gap-2">
          <input
            id="arxiv-reference"
            name="reference"
            required
            maxLength={300}
            placeholder="2405.15738 or https://arxiv.org/abs/2405.15738"
            defaultValue={result?.input}
            autoComplete="off"
            className={fieldClass}
          />
          <button
            type="submit"
            disabled={pending}
            className="shrink-0 rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
          >
            {pending ? "Looking up…" : "Look up"}
          </button>
        </div>
      </form>

      {result && !result.ok ? (
        <PaperRefusal
          error={result.error}
          existingId={result.existingId}
          data-lookup-error
          data-lookup-input={result.input}
          className="mt-4"
        />
      ) : null}
      {result?.ok ? (
        <p
          role="status"
          data-lookup-found
          data-lookup-input={result.input}
          className="mt-4 text-sm text-gray-600 dark:text-gray-300"
        >
          Found on arXiv
          {result.paper.publishedAt
            ? `, first published ${formatDisplayDate(result.paper.publishedAt.slice(0, 10) as IsoDate)}`
            : ""}
          . Check the details, change what you like, and submit.
        </p>
      ) : null}

      {result && formId && showForm ? (
        <PaperForm
          // A new lookup starts a new form, with its own defaults and result.
          key={`${result.ok ? "found" : "manual"}:${formId}`}
          action={submit}
          mode="submit"
          values={
            result.ok
              ? {
                  id: result.paper.id,
                  title: result.paper.title,
                  abstract: result.paper.abstract,
                  authors: result.paper.authors,
                }
              : { id: formId }
          }
          lookupToken={result.ok ? result.token : undefined}
        />
      ) : null}
    </>
  );
}
