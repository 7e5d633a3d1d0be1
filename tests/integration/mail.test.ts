import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { closeMail, isPermanentMailError, listOutbox, mailMode, sendMail } from "@/lib/mail/transport";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

let sink: SmtpSink;
let dataDir: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-mail-"));
});
afterAll(async () => {
  await closeMail();
  await sink.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
  delete process.env.SMTP_URL;
  resetEnvCache();
});

const mail = (to: string) => ({
  to,
  subject: "Héllo <there>",
  text: "plain body",
  html: "<p>html body</p>",
  headers: { "List-Unsubscribe": "<http://x/u?t=1>" },
});

describe("mail through SMTP_URL", () => {
  it("delivers text, html and headers to a real SMTP server", async () => {
    process.env.SMTP_URL = sink.url;
    resetEnvCache();
    await closeMail();
    expect(mailMode()).toBe("smtp");
    const sent = await sendMail(mail("Reader@Example.org"));
    expect(sent.messageId).toMatch(/@/);
    await sink.waitFor(1);
    const [received] = sink.to("reader@example.org");
    expect(received!.parsed.subject).toBe("Héllo <there>");
    expect(received!.parsed.text?.trim()).toBe("plain body");
    expect(received!.parsed.html).toContain("<p>html body</p>");
    expect(received!.raw).toMatch(/^List-Unsubscribe: <http:\/\/x\/u\?t=1>\r?$/m);
  });

  it("tells a permanent rejection (5xx) from a temporary one (4xx)", async () => {
    sink.rejectPermanently.add("gone@example.org");
    const permanent = await sendMail(mail("gone@example.org")).catch((e: unknown) => e);
    expect(isPermanentMailError(permanent)).toBe(true);
    sink.failTemporarily = true;
    const temporary = await sendMail(mail("later@example.org")).catch((e: unknown) => e);
    sink.failTemporarily = false;
    expect(temporary).toBeInstanceOf(Error);
    expect(isPermanentMailError(temporary)).toBe(false);
  });
});

describe("the local outbox", () => {
  it("writes .eml files when no SMTP server is configured", async () => {
    delete process.env.SMTP_URL;
    process.env.PAPERBOY_DATA_DIR = dataDir;
    resetEnvCache();
    await closeMail();
    expect(mailMode()).toBe("outbox");
    const sent = await sendMail(mail("someone@example.org"));
    const files = await listOutbox();
    expect(files).toHaveLength(1);
    expect(files[0]!.file).toBe(sent.outboxFile);
    const eml = await fs.readFile(files[0]!.file, "utf8");
    expect(eml).toMatch(/^To: someone@example.org$/m);
    expect(eml).toContain("plain body");
    delete process.env.PAPERBOY_DATA_DIR;
  });
});
