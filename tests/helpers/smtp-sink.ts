import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./app-server";
import { vi } from "vitest";

// A real SMTP server on loopback that keeps what it receives, parsed. It can
// refuse chosen addresses for good (5xx), fail for a while (4xx), and be
// stopped and started on the same port, to test what the mail path does then.

export type SinkMessage = { to: string[]; raw: string; parsed: ParsedMail };

export type SmtpSink = {
  url: string;
  port: number;
  messages: SinkMessage[];
  /** Addresses answered with 550 at RCPT TO. */
  rejectPermanently: Set<string>;
  /** While set, every message is answered with 451 at DATA. */
  failTemporarily: boolean;
  /** Called before a message is accepted; throw to refuse it. */
  beforeAccept?: (to: string[]) => void;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  to(address: string): SinkMessage[];
  /** Stops listening; open connections may finish for 30 s, or, abrupt, are closed (421) at once. */
  stop(options?: { abrupt?: boolean }): Promise<void>;
  start(): Promise<void>;
};

export async function startSmtpSink(port?: number): Promise<SmtpSink> {
  const listenPort = port ?? (await freePort());
  let server: SMTPServer | undefined;
  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${listenPort}`,
    port: listenPort,
    messages: [],
    rejectPermanently: new Set(),
    failTemporarily: false,
    async waitFor(count, timeoutMs = 20_000) {
      await vi.waitFor(
        () => {
          if (sink.messages.length < count)
            throw new Error(`expected ${count} messages, got ${sink.messages.length}`);
        },
        { timeout: timeoutMs, interval: 50 },
      );
    },
    to(address) {
      return sink.messages.filter((m) => m.to.includes(address.toLowerCase()));
    },
    async stop(options) {
      const current = server;
      server = undefined;
      if (current && options?.abrupt) current.options.closeTimeout = 1;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        onRcptTo(address, _session, callback) {
          if (sink.rejectPermanently.has(address.address.toLowerCase())) {
            const error = new Error("5.1.1 No such user") as Error & { responseCode: number };
            error.responseCode = 550;
            return callback(error);
          }
          callback();
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
            try {
              if (sink.failTemporarily) {
                const error = new Error("4.3.0 Try again later") as Error & { responseCode: number };
                error.responseCode = 451;
                throw error;
              }
              sink.beforeAccept?.(to);
            } catch (error) {
              return callback(error as Error);
            }
            const raw = Buffer.concat(chunks).toString("utf8");
            simpleParser(raw).then((parsed) => {
              sink.messages.push({ to, raw, parsed });
              callback();
            }, callback);
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(listenPort, "127.0.0.1", () => resolve());
      });
      // A client killed mid-conversation (the worker tests SIGKILL one) resets
      // its connection: that is the client's news, not a crash of the sink.
      server.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "ECONNRESET" && error.code !== "EPIPE")
          console.error(`[smtp-sink] ${error.message}`);
      });
    },
  };
  await sink.start();
  return sink;
}
