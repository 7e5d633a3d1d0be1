import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import nodemailer from "nodemailer";
import type StreamTransport from "nodemailer/lib/stream-transport";
import type Mail from "nodemailer/lib/mailer";
import { getEnv } from "@/lib/env";
import { processGlobal } from "@/lib/process-global";

// The one mail transport of the process. With SMTP_URL: a pooled SMTP
// transport (bounded connections and rate), made once and reused. Without:
// the local outbox, .eml files in PAPERBOY_DATA_DIR/outbox, so sign-in and
// digest mails work on a machine with no mail server.

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
};

export type SentMail = { messageId: string; outboxFile?: string };

type Transport =
  | { kind: "smtp"; transporter: nodemailer.Transporter }
  | { kind: "outbox"; transporter: nodemailer.Transporter; dir: string };

const processTransport = processGlobal<Transport>("paperboyMail");

export function outboxDir(): string {
  return path.resolve(getEnv().PAPERBOY_DATA_DIR, "outbox");
}

function transport(): Transport {
  const existing = processTransport.get();
  if (existing) return existing;
  const env = getEnv();
  if (env.SMTP_URL) {
    // A URL string, not an object: nodemailer reads credentials from it, and an
    // object without auth fails with 'Missing credentials for "PLAIN"'.
    // Timeouts bound a send (nodemailer's socket default is an hour): the digest's
    // claim leases and job expiry rely on a send ending within about a minute.
    const transporter = nodemailer.createTransport(
      `${env.SMTP_URL}${env.SMTP_URL.includes("?") ? "&" : "?"}pool=true&maxConnections=${env.SMTP_MAX_CONNECTIONS}&rateLimit=${env.SMTP_RATE_PER_SECOND}&rateDelta=1000&connectionTimeout=10000&greetingTimeout=10000&socketTimeout=60000`,
    );
    (transporter as unknown as { getSocket: SocketFactory }).getSocket = connectWithoutNagle;
    processTransport.set({ kind: "smtp", transporter });
  } else {
    processTransport.set({
      kind: "outbox",
      transporter: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }),
      dir: outboxDir(),
    });
  }
  return processTransport.get()!;
}

type SocketFactory = (
  options: { host?: string; port?: number; secure?: boolean },
  callback: (error: Error | null, socket?: { connection: net.Socket }) => void,
) => void;

/**
 * nodemailer's own sockets keep Nagle's algorithm on: the message's last small
 * write waits for the server's delayed ACK, about 40 ms a message on a fast
 * link (measured: 20 messages/s on one loopback connection, 240 without).
 * nodemailer's getSocket hook (meant for proxies) takes a socket of ours, with
 * Nagle off. It is handed over while still connecting: nodemailer's own
 * handlers then see a refused or silent server (error, greeting timeout) as
 * they would on their own socket, and drop the pooled connection. (A failure
 * reported through the hook's callback instead leaves the pool slot taken for
 * good: after maxConnections of them the pool sends nothing more.)
 */
const connectWithoutNagle: SocketFactory = (options, callback) => {
  // nodemailer's defaults when the URL names no host or port.
  const socket = net.connect({
    host: options.host || "localhost",
    port: Number(options.port) || (options.secure ? 465 : 587),
    noDelay: true,
  });
  callback(null, { connection: socket });
};

export function mailMode(): "smtp" | "outbox" {
  return transport().kind;
}

/** Sends one message; throws on failure (with nodemailer's responseCode for an SMTP rejection). */
export async function sendMail(mail: OutgoingMail): Promise<SentMail> {
  const t = transport();
  // Quoted-printable, said outright: left to choose, nodemailer scans every body
  // to pick an encoding, which cost a third of the digest's sending CPU
  // (measured: 250 -> 350 messages/s), and it picks quoted-printable for our text anyway.
  const message: Mail.Options = {
    from: getEnv().MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    textEncoding: "quoted-printable",
  };
  if (t.kind === "smtp") {
    const info = (await t.transporter.sendMail(message)) as { messageId: string };
    return { messageId: info.messageId };
  }
  const info = (await t.transporter.sendMail(message)) as StreamTransport.SentMessageInfo;
  await fs.mkdir(t.dir, { recursive: true });
  const safeTo = mail.to.replace(/[^a-zA-Z0-9@._-]/g, "_").slice(0, 80);
  const file = path.join(
    t.dir,
    `${new Date().toISOString().replace(/[:.]/g, "-")}-${safeTo}-${Math.random().toString(36).slice(2, 8)}.eml`,
  );
  await fs.writeFile(file, info.message as Buffer);
  return { messageId: info.messageId, outboxFile: file };
}

/** Closes pooled connections (CLI jobs and tests, before exit). */
export function closeMail(): Promise<void> {
  const t = processTransport.get();
  processTransport.set(undefined);
  t?.transporter.close();
  return Promise.resolve();
}

/** The outbox's messages, newest first (for the development page). */
export async function listOutbox(
  limit = 50,
): Promise<{ file: string; name: string; size: number; modified: Date }[]> {
  const dir = outboxDir();
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const entries = await Promise.all(
    names
      .filter((n) => n.endsWith(".eml"))
      .map(async (name) => {
        const stat = await fs.stat(path.join(dir, name));
        return { file: path.join(dir, name), name, size: stat.size, modified: stat.mtime };
      }),
  );
  return entries.sort((a, b) => b.modified.getTime() - a.modified.getTime()).slice(0, limit);
}

/** SMTP says 5xx: this address will not take mail (a bounce); 4xx and lost connections are worth retrying. */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
