"use client";

import Link from "next/link";
import { useActionState } from "react";
import { setHiddenAction } from "@/lib/papers/actions";
import { useReader } from "@/lib/auth/reader-store";

/** Hide/unhide and edit, for people in ADMIN_EMAILS. A refusal shows beside the button. */
export function AdminControls({ paperId, hidden }: { paperId: string; hidden: boolean }) {
  const [result, formAction, pending] = useActionState(setHiddenAction, null);
  const buttonClass =
    "rounded-md border border-amber-400 px-3 py-1.5 font-medium text-amber-800 hover:bg-amber-50 dark:border-amber-600 dark:text-amber-200 dark:hover:bg-amber-950";
  return (
    <>
      <form action={formAction}>
        <input type="hidden" name="id" value={paperId} />
        <input type="hidden" name="hidden" value={hidden ? "false" : "true"} />
        <button type="submit" disabled={pending} className={buttonClass}>
          {hidden ? "Unhide" : "Hide"}
        </button>
      </form>
      <Link href={`/papers/${paperId}/edit`} className={buttonClass}>
        Edit
      </Link>
      {result && !result.ok ? (
        <p role="alert" className="basis-full text-red-700 dark:text-red-300">
          {result.error}
        </p>
      ) : null}
    </>
  );
}

/** On the shared paper page: the controls appear once /api/me says this reader is an admin. */
export function AdminControlsForAdmins({ paperId }: { paperId: string }) {
  const { viewer } = useReader();
  // The page shows no hidden paper, so its control is always "Hide".
  return viewer?.isAdmin ? <AdminControls paperId={paperId} hidden={false} /> : null;
}
