import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { listOutbox, outboxDir } from "./transport";

// Reading back the local outbox's .eml files for /dev/outbox: just enough MIME
// (headers with encoded words, multipart, quoted-printable and base64) for
// the messages nodemailer writes.

export type OutboxEntry = { name: string; to: string; subject: string; modified: Date; size: number };
export type OutboxMessage = OutboxEntry & {
  headers: [string, string][];
  text: string | null;
  html: string | null;
};

const NAME_RE = /^[\w.@+-]+\.eml$/;

export async function listOutboxMessages(limit = 100): Promise<OutboxEntry[]> {
  const files = await listOutbox(limit);
  return Promise.all(
    files.map(async (f) => {
      const head = await readHead(f.file);
      return {
        name: f.name,
        to: head.get("to") ?? "",
        subject: head.get("subject") ?? "",
        modified: f.modified,
        size: f.size,
      };
    }),
  );
}

/** null for a name that is not an .eml file of the outbox (no paths, no traversal). */
export async function readOutboxMessage(name: string): Promise<OutboxMessage | null> {
  if (!NAME_RE.test(name)) return null;
  const file = path.join(outboxDir(), name);
  const [raw, stat] = await Promise.all([
    fs.readFile(file, "utf8").catch(() => null),
    fs.stat(file).catch(() => null),
  ]);
  if (raw === null || !stat) return null;
  const { headers, body } = splitMessage(raw);
  const parts = { text: null as string | null, html: null as string | null };
  collectParts(headers, body, parts);
  const map = headerMap(headers);
  return {
    name,
    to: map.get("to") ?? "",
    subject: map.get("subject") ?? "",
    modified: stat.mtime,
    size: stat.size,
    headers,
    ...parts,
  };
}

async function readHead(file: string): Promise<Map<string, string>> {
  const handle = await fs.open(file, "r");
  try {
    const buffer = Buffer.alloc(16_384);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return headerMap(splitMessage(buffer.subarray(0, bytesRead).toString("utf8")).headers);
  } finally {
    await handle.close();
  }
}

function headerMap(headers: [string, string][]): Map<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of headers) if (!map.has(k.toLowerCase())) map.set(k.toLowerCase(), v);
  return map;
}

export function splitMessage(raw: string): { headers: [string, string][]; body: string } {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? "" : raw.slice(end).replace(/^\r?\n\r?\n/, "");
  const headers: [string, string][] = [];
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers.push([line.slice(0, colon).trim(), decodeEncodedWords(line.slice(colon + 1).trim())]);
  }
  return { headers, body };
}

/** =?UTF-8?Q?...?= and =?UTF-8?B?...?= (RFC 2047); blanks between two encoded words are dropped. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === "B" ? Buffer.from(text, "base64") : qpBytes(text.replace(/_/g, " "));
      return decodeCharset(bytes, charset);
    });
}

function qpBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, "utf8"));
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

function param(value: string, name: string): string | undefined {
  return new RegExp(`${name}\\s*=\\s*"?([^";]+)"?`, "i").exec(value)?.[1];
}

function collectParts(
  headers: [string, string][],
  body: string,
  out: { text: string | null; html: string | null },
): void {
  const map = headerMap(headers);
  const type = (map.get("content-type") ?? "text/plain").toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = param(map.get("content-type")!, "boundary");
    if (!boundary) return;
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith("--")) break;
      const part = splitMessage(section.replace(/^\r?\n/, ""));
      collectParts(part.headers, part.body, out);
    }
    return;
  }
  const encoding = (map.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const bytes =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64")
      : encoding === "quoted-printable"
        ? qpBytes(body.replace(/=\r?\n/g, ""))
        : Buffer.from(body, "utf8");
  const text = decodeCharset(bytes, param(type, "charset") ?? "utf-8");
  if (type.startsWith("text/plain") && out.text === null) out.text = text;
  else if (type.startsWith("text/html") && out.html === null) out.html = text;
}
