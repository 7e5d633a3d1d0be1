import Link from "next/link";
import { setHiddenAction } from "@/app/actions/papers";

/** Hide/unhide and edit, on the paper page, for people in ADMIN_EMAILS. */
export function AdminControls({ paperId, hidden }: { paperId: string; hidden: boolean }) {
  const buttonClass =
    "rounded-md border border-amber-400 px-3 py-1.5 font-medium text-amber-800 hover:bg-amber-50 dark:border-amber-600 dark:text-amber-200 dark:hover:bg-amber-950";
  return (
    <>
      <form action={setHiddenAction}>
        <input type="hidden" name="id" value={paperId} />
        <input type="hidden" name="hidden" value={hidden ? "false" : "true"} />
        <button type="submit" className={buttonClass}>
          {hidden ? "Unhide" : "Hide"}
        </button>
      </form>
      <Link href={`/papers/${paperId}/edit`} className={buttonClass}>
        Edit
      </Link>
    </>
  );
}
