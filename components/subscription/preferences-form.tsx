"use client";
import { useActionState } from "react";
import type { PreferencesResult, SavedPreferences } from "@/lib/digest/subscriptions";

type Props = {
  action: (state: PreferencesResult | null, form: FormData) => Promise<PreferencesResult>;
  token: string;
  preferences: SavedPreferences;
  /** DIGEST_CRON in words (lib/digest/cron.ts). */
  schedule: { daily: string; weekly: string };
};

/**
 * How often, which papers: daily or weekly, keywords, minimum upvotes. React
 * resets a form to its default values once its action is done, so the
 * defaults follow the answer: after a save the saved values, after a mistake
 * what the reader typed (not what the page was first rendered with).
 */
export function PreferencesForm({ action, token, preferences, schedule }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const shown: { frequency: string; keywords: string; minUpvotes: string } = state?.ok
    ? toFields(state.preferences)
    : state?.typed
      ? { frequency: "", keywords: "", minUpvotes: "", ...state.typed }
      : toFields(preferences);
  const inputClass =
    "mt-1 w-full rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 dark:border-gray-700 dark:bg-gray-900";
  return (
    <form action={formAction} className="space-y-5">
      <input type="hidden" name="token" value={token} />
      <fieldset>
        <legend className="font-medium">How often</legend>
        <label className="mt-2 flex items-center gap-2 text-sm">
          <input type="radio" name="frequency" value="daily" defaultChecked={shown.frequency === "daily"} />{" "}
          Daily, {schedule.daily}: the previous day&apos;s top papers
        </label>
        <label className="mt-1 flex items-center gap-2 text-sm">
          <input type="radio" name="frequency" value="weekly" defaultChecked={shown.frequency === "weekly"} />{" "}
          Weekly, {schedule.weekly}: the previous week&apos;s top papers
        </label>
      </fieldset>
      <label className="block">
        <span className="font-medium">Keywords</span>
        <span className="block text-sm text-gray-500 dark:text-gray-400">
          Only papers with every word, found as the search box finds them: in the title, abstract, authors or
          organization, any case, plurals and accents alike (&quot;model&quot; finds &quot;Models&quot;);
          &quot;quotes&quot; for words side by side in that order. Whole words, spelled as meant: no typo
          tolerance. Empty: all papers.
        </span>
        <input
          name="keywords"
          defaultValue={shown.keywords}
          maxLength={200}
          placeholder={'diffusion "language model"'}
          className={inputClass}
        />
      </label>
      <label className="block">
        <span className="font-medium">Minimum upvotes</span>
        <span className="block text-sm text-gray-500 dark:text-gray-400">
          Leave out papers with fewer upvotes. Empty: no minimum.
        </span>
        <input
          name="minUpvotes"
          type="number"
          min={0}
          max={100000}
          step={1}
          defaultValue={shown.minUpvotes}
          className={`${inputClass} max-w-[10rem]`}
        />
      </label>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save preferences"}
        </button>
        <p
          role="status"
          aria-live="polite"
          data-preferences-status
          className={
            state?.ok === false
              ? "text-sm text-red-600 dark:text-red-400"
              : "text-sm text-gray-600 dark:text-gray-300"
          }
        >
          {state ? (state.ok ? state.message : state.error) : null}
        </p>
      </div>
    </form>
  );
}

function toFields(p: SavedPreferences) {
  return { frequency: p.frequency, keywords: p.keywords ?? "", minUpvotes: p.minUpvotes?.toString() ?? "" };
}
