import Link from "next/link";
import type { OutboxEntry } from "@/lib/mail/outbox-view";

/** The local outbox, newest first. */
export function OutboxList({ entries, dir }: { entries: OutboxEntry[]; dir: string }) {
  return (
    <section>
      <h1 className="text-2xl font-bold">Outbox</h1>
      <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
        With no SMTP_URL, mail is written to <code className="font-mono">{dir}</code> instead of being sent.
        Newest first.
      </p>
      {entries.length ? (
        <ul className="mt-4 divide-y divide-gray-100 dark:divide-gray-800">
          {entries.map((e) => (
            <li key={e.name} className="py-3" data-outbox-entry>
              <Link
                href={`/dev/outbox/${encodeURIComponent(e.name)}`}
                className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
              >
                {e.subject || "(no subject)"}
              </Link>
              <p className="text-sm text-gray-500 dark:text-gray-400">
                {`to ${e.to} · ${e.modified.toISOString().replace("T", " ").slice(0, 19)} UTC · ${Math.ceil(e.size / 1024)} KB`}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-6 text-gray-500 dark:text-gray-400">
          Nothing yet. Subscribe at the bottom of any page and the confirmation mail shows up here.
        </p>
      )}
    </section>
  );
}
