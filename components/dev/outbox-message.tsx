import Link from "next/link";
import type { OutboxMessage } from "@/lib/mail/outbox-view";

const SHOWN_HEADERS = new Set([
  "from",
  "to",
  "subject",
  "date",
  "list-unsubscribe",
  "list-unsubscribe-post",
  "message-id",
]);

/** One mail of the outbox: its headers, the text body with live links, the HTML body in a sandbox. */
export function OutboxMessageView({ message }: { message: OutboxMessage }) {
  return (
    <article>
      <p className="text-sm">
        <Link href="/dev/outbox" className="text-indigo-600 underline dark:text-indigo-400">
          ← Outbox
        </Link>
      </p>
      <h1 className="mt-2 text-xl font-bold">{message.subject || "(no subject)"}</h1>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        {message.headers
          .filter(([k]) => SHOWN_HEADERS.has(k.toLowerCase()))
          .map(([k, v], i) => (
            <div key={i} className="contents">
              <dt className="font-medium text-gray-500 dark:text-gray-400">{k}</dt>
              <dd className="break-all">{v}</dd>
            </div>
          ))}
      </dl>
      {message.text !== null ? (
        <>
          <h2 className="mt-6 font-medium">Text</h2>
          <pre
            data-outbox-text
            className="mt-2 whitespace-pre-wrap break-words rounded-md bg-gray-50 p-4 text-sm dark:bg-gray-900"
          >
            {linkify(message.text)}
          </pre>
        </>
      ) : null}
      {message.html !== null ? (
        <>
          <h2 className="mt-6 font-medium">HTML</h2>
          {/* No scripts, no same origin: the mail's markup cannot touch this page. */}
          <iframe
            title="HTML body"
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={message.html}
            className="mt-2 h-[640px] w-full rounded-md border border-gray-200 bg-white dark:border-gray-800"
          />
        </>
      ) : null}
    </article>
  );
}

function linkify(text: string): React.ReactNode[] {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) =>
    i % 2 ? (
      <a key={i} href={part} className="text-indigo-600 underline dark:text-indigo-400">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
