import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { listOutbox, outboxDir } from "./transport";

// Reading back the local outbox's .eml files for /dev/outbox, with mailparser
// (MIME, encoded words, quoted-printable, base64: what nodemailer writes).

export type OutboxEntry = { name: string; to: string; subject: string; modified: Date; size: number };
export type OutboxMessage = OutboxEntry & {
  headers: [string, string][];
  text: string | null;
  html: string | null;
};

const NAME_RE = /^[\w.@+-]+\.eml$/;

async function parse(file: string): Promise<ParsedMail | null> {
  const raw = await fs.readFile(file).catch(() => null);
  return raw ? simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true }) : null;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  return (Array.isArray(value) ? value : value ? [value] : []).map((a) => a.text).join(", ");
}

/**
 * Every header as a line of text: the raw line, except those mailparser
 * decodes for us (addresses and the subject may be RFC 2047 encoded words).
 */
function headerLines(mail: ParsedMail): [string, string][] {
  const decoded: Record<string, string | undefined> = {
    from: addressText(mail.from),
    to: addressText(mail.to),
    subject: mail.subject,
  };
  return mail.headerLines.map(({ key, line }) => {
    const name = line.slice(0, line.indexOf(":")).trim() || key;
    return [
      name,
      decoded[key] ??
        line
          .slice(line.indexOf(":") + 1)
          .replace(/\r?\n[ \t]+/g, " ")
          .trim(),
    ];
  });
}

export async function listOutboxMessages(limit = 100): Promise<OutboxEntry[]> {
  const files = await listOutbox(limit);
  const entries = await Promise.all(
    files.map(async (f) => {
      const mail = await parse(f.file);
      return (
        mail && {
          name: f.name,
          to: addressText(mail.to),
          subject: mail.subject ?? "",
          modified: f.modified,
          size: f.size,
        }
      );
    }),
  );
  return entries.filter((e): e is OutboxEntry => e !== null);
}

/** null for a name that is not an .eml file of the outbox (no paths, no traversal). */
export async function readOutboxMessage(name: string): Promise<OutboxMessage | null> {
  if (!NAME_RE.test(name)) return null;
  const file = path.join(outboxDir(), name);
  const [mail, stat] = await Promise.all([parse(file), fs.stat(file).catch(() => null)]);
  if (!mail || !stat) return null;
  return {
    name,
    to: addressText(mail.to),
    subject: mail.subject ?? "",
    modified: stat.mtime,
    size: stat.size,
    headers: headerLines(mail),
    text: mail.text ?? null,
    html: typeof mail.html === "string" ? mail.html : null,
  };
}
