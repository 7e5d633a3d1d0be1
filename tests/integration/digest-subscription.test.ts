import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signToken } from "@/lib/auth/signed-tokens";
import { sqlPool } from "@/lib/db";
import { preferencesUrl, unsubscribeUrl } from "@/lib/digest/links";
import {
  SUBSCRIBE_ACCEPTED,
  confirmSubscription,
  getPreferences,
  inspectConfirmation,
  inspectUnsubscribe,
  requestSubscription,
  savePreferences,
  unsubscribeByToken,
} from "@/lib/digest/subscriptions";
import { resetEnvCache } from "@/lib/env";
import { listOutboxMessages, readOutboxMessage } from "@/lib/mail/outbox-view";
import { closeMail } from "@/lib/mail/transport";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// Double opt-in through the lib functions the server actions call, against a
// real SMTP server: what is mailed, what a link does, what it cannot do.

let database: TestDatabase;
let sink: SmtpSink;
let client = 0;
const quiet = () => {};

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  resetEnvCache();
  await closeMail();
});

afterAll(async () => {
  await closeMail();
  await sink.stop({ abrupt: true });
  await database.drop();
  delete process.env.SMTP_URL;
  resetEnvCache();
});

beforeEach(async () => {
  await sqlPool().query("TRUNCATE subscribers, rate_limits CASCADE");
  sink.messages.length = 0;
  sink.rejectPermanently.clear();
  client++;
});

const subscribe = (email: unknown) => requestSubscription({ email, clientIp: `10.0.0.${client}` }, quiet);
const status = async (email: string) =>
  (
    await sqlPool().query<{ status: string }>(`SELECT status::text FROM subscribers WHERE email = $1`, [
      email,
    ])
  ).rows[0]?.status;
const confirmLink = (text: string) =>
  /(http:\/\/localhost:3000\/subscribe\/confirm\?token=[\w-]+\.[\w-]+)/.exec(text)?.[1];
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

describe("double opt-in", () => {
  it("mails a confirmation link; opening it changes nothing; only the button's POST makes the subscription active", async () => {
    expect(await subscribe("  Reader@Example.org ")).toEqual({ ok: true, message: SUBSCRIBE_ACCEPTED });
    expect(await status("reader@example.org")).toBe("pending");
    await sink.waitFor(1);
    const [mail] = sink.to("reader@example.org");
    expect(mail!.parsed.subject).toBe("Confirm your Paperboy digest subscription");
    const link = confirmLink(mail!.parsed.text!)!;
    expect(link).toBeDefined();
    expect(mail!.parsed.html).toContain(`href="${link}"`);

    // GET: says what a click would do.
    expect(await inspectConfirmation(tokenOf(link))).toEqual({ state: "ready", email: "reader@example.org" });
    expect(await status("reader@example.org")).toBe("pending");

    // POST: confirms, once.
    expect(await confirmSubscription(tokenOf(link))).toEqual({
      state: "confirmed",
      email: "reader@example.org",
    });
    expect(await status("reader@example.org")).toBe("active");
    expect(await confirmSubscription(tokenOf(link))).toEqual({
      state: "already_active",
      email: "reader@example.org",
    });
  });

  it("answers the same for a known and an unknown address, and mails a given address at most once an hour", async () => {
    const first = await subscribe("someone@example.org");
    const again = await subscribe("someone@example.org");
    const unknown = await subscribe("nobody-yet@example.org");
    expect(again).toEqual(first);
    expect(unknown).toEqual(first);
    expect(sink.to("someone@example.org")).toHaveLength(1);

    // An hour later it resends.
    await sqlPool().query(
      `UPDATE subscribers SET confirmation_sent_at = now() - interval '61 minutes' WHERE email = 'someone@example.org'`,
    );
    expect(await subscribe("someone@example.org")).toEqual(first);
    expect(sink.to("someone@example.org")).toHaveLength(2);

    // Already active: the same answer, and a note with the preferences link instead of a confirmation.
    await confirmSubscription(tokenOf(confirmLink(sink.to("someone@example.org")[1]!.parsed.text!)!));
    await sqlPool().query(
      `UPDATE subscribers SET confirmation_sent_at = now() - interval '61 minutes' WHERE email = 'someone@example.org'`,
    );
    expect(await subscribe("someone@example.org")).toEqual(first);
    const note = sink.to("someone@example.org")[2]!;
    expect(note.parsed.subject).toBe("You are already subscribed to Paperboy's digest");
    expect(note.parsed.text).toMatch(/http:\/\/localhost:3000\/preferences\?token=/);
    expect(await status("someone@example.org")).toBe("active");
  });

  it("refuses expired, forged and wrong-purpose tokens, and a link older than an unsubscribe", async () => {
    await subscribe("late@example.org");
    const link = confirmLink(sink.to("late@example.org")[0]!.parsed.text!)!;
    const token = tokenOf(link);
    const id = (
      await sqlPool().query<{ id: string }>(`SELECT id FROM subscribers WHERE email = 'late@example.org'`)
    ).rows[0]!.id;

    const eightDaysAgo = Date.now() - 8 * 86_400_000;
    expect(
      await confirmSubscription(signToken("confirm", `${id}:${eightDaysAgo}`, 7 * 86_400, eightDaysAgo)),
    ).toEqual({ state: "expired" });
    expect(await confirmSubscription(`${token.split(".")[0]}.AAAA`)).toEqual({ state: "invalid" });
    expect(await confirmSubscription(signToken("unsubscribe", id, null))).toEqual({ state: "invalid" });
    expect(await confirmSubscription("not a token")).toEqual({ state: "invalid" });
    expect(await confirmSubscription(undefined)).toEqual({ state: "invalid" });
    expect(await status("late@example.org")).toBe("pending");

    await confirmSubscription(token);
    await unsubscribeByToken(tokenOf(unsubscribeUrl(id)));
    expect(await confirmSubscription(token)).toEqual({ state: "outdated", email: "late@example.org" });
    expect(await status("late@example.org")).toBe("unsubscribed");
  });

  it("mails a new link at once to a reader who unsubscribed and subscribes again, then holds the hour again", async () => {
    await subscribe("back@example.org");
    const oldLink = confirmLink(sink.to("back@example.org")[0]!.parsed.text!)!;
    await confirmSubscription(tokenOf(oldLink));
    const id = (
      await sqlPool().query<{ id: string }>(`SELECT id FROM subscribers WHERE email = 'back@example.org'`)
    ).rows[0]!.id;
    await unsubscribeByToken(tokenOf(unsubscribeUrl(id)));

    // The old link's page says "Subscribe again for a new one": its form calls this, minutes after the first mail.
    expect(await inspectConfirmation(tokenOf(oldLink))).toEqual({
      state: "outdated",
      email: "back@example.org",
    });
    expect(await subscribe("back@example.org")).toEqual({ ok: true, message: SUBSCRIBE_ACCEPTED });
    await sink.waitFor(2);
    const fresh = sink.to("back@example.org")[1]!;
    expect(fresh.parsed.subject).toBe("Confirm your Paperboy digest subscription");
    const newLink = confirmLink(fresh.parsed.text!)!;
    expect(await confirmSubscription(tokenOf(newLink))).toEqual({
      state: "confirmed",
      email: "back@example.org",
    });

    // The next request within the hour sends nothing, as before.
    expect(await subscribe("back@example.org")).toEqual({ ok: true, message: SUBSCRIBE_ACCEPTED });
    expect(sink.to("back@example.org")).toHaveLength(2);

    // Leaving and coming back over and over still meets the per-address limit (5 requests an hour).
    await unsubscribeByToken(tokenOf(unsubscribeUrl(id)));
    expect(await subscribe("back@example.org")).toMatchObject({ ok: true });
    await unsubscribeByToken(tokenOf(unsubscribeUrl(id)));
    expect(await subscribe("back@example.org")).toMatchObject({ ok: true });
    expect(await subscribe("back@example.org")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Too many attempts/),
    });
    expect(sink.to("back@example.org")).toHaveLength(3);
  });

  it("rejects a bad address and rate-limits per address and per client", async () => {
    expect(await subscribe("not-an-address")).toEqual({ ok: false, error: "Enter a valid email address." });
    expect(await subscribe(null)).toMatchObject({ ok: false });
    for (let i = 0; i < 5; i++) expect(await subscribe("target@example.org")).toMatchObject({ ok: true });
    expect(await subscribe("target@example.org")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Too many attempts/),
    });
    expect(sink.to("target@example.org")).toHaveLength(1);

    const ip = "10.9.9.9";
    for (let i = 0; i < 20; i++)
      expect(
        await requestSubscription({ email: `many-${i}@example.org`, clientIp: ip }, quiet),
      ).toMatchObject({ ok: true });
    expect(await requestSubscription({ email: "many-21@example.org", clientIp: ip }, quiet)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Too many attempts/),
    });
  });

  it("says so when the mail cannot go, and lets the reader try again at once", async () => {
    sink.rejectPermanently.add("flaky@example.org");
    expect(await subscribe("flaky@example.org")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/could not be sent/),
    });
    sink.rejectPermanently.clear();
    expect(await subscribe("flaky@example.org")).toEqual({ ok: true, message: SUBSCRIBE_ACCEPTED });
    expect(sink.to("flaky@example.org")).toHaveLength(1);
  });
});

describe("unsubscribe and preferences links", () => {
  async function activeSubscriber(email: string): Promise<string> {
    const { rows } = await sqlPool().query<{ id: string }>(
      `INSERT INTO subscribers (id, email, status, frequency, confirmed_at, updated_at) VALUES ('s-' || md5($1), $1, 'active', 'daily', now(), now()) RETURNING id`,
      [email],
    );
    return rows[0]!.id;
  }

  it("unsubscribes with the signed link, idempotently; the page's GET changes nothing", async () => {
    const id = await activeSubscriber("leaving@example.org");
    const token = tokenOf(unsubscribeUrl(id));
    expect(await inspectUnsubscribe(token)).toEqual({ state: "ready", email: "leaving@example.org" });
    expect(await status("leaving@example.org")).toBe("active");
    expect(await unsubscribeByToken(token)).toEqual({ state: "unsubscribed", email: "leaving@example.org" });
    expect(await unsubscribeByToken(token)).toEqual({ state: "unsubscribed", email: "leaving@example.org" });
    expect(await inspectUnsubscribe(token)).toEqual({
      state: "already_unsubscribed",
      email: "leaving@example.org",
    });
    expect(await status("leaving@example.org")).toBe("unsubscribed");
    expect(await unsubscribeByToken(tokenOf(preferencesUrl(id)))).toEqual({ state: "invalid" });
  });

  it("saves preferences from the signed link, and explains bad input", async () => {
    const id = await activeSubscriber("tuning@example.org");
    const token = tokenOf(preferencesUrl(id));
    expect(await getPreferences(token)).toMatchObject({
      email: "tuning@example.org",
      frequency: "daily",
      keywords: null,
      minUpvotes: null,
    });

    expect(
      await savePreferences({
        token,
        frequency: "weekly",
        keywords: ' Diffusion,  "Language   Models" diffusion ',
        minUpvotes: "25",
      }),
    ).toEqual({
      ok: true,
      // What the form shows next: the saved values, and when the digest comes as DIGEST_CRON has it.
      message: "Saved. Your digest comes every Monday.",
      preferences: { frequency: "weekly", keywords: 'diffusion "language models"', minUpvotes: 25 },
    });
    expect(await getPreferences(token)).toMatchObject({
      frequency: "weekly",
      keywords: 'diffusion "language models"',
      minUpvotes: 25,
    });
    expect(await savePreferences({ token, frequency: "daily", keywords: "", minUpvotes: "" })).toMatchObject({
      ok: true,
    });
    expect(await getPreferences(token)).toMatchObject({
      frequency: "daily",
      keywords: null,
      minUpvotes: null,
    });

    expect(await savePreferences({ token, frequency: "hourly" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/daily or weekly/),
    });
    expect(await savePreferences({ token, frequency: "daily", minUpvotes: "-3" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/whole number/),
      typed: { frequency: "daily", keywords: "", minUpvotes: "-3" },
    });
    process.env.DIGEST_CRON = "0 7 * * 2,4";
    resetEnvCache();
    try {
      expect(await savePreferences({ token, frequency: "daily" })).toMatchObject({
        message: "Saved. Your digest comes on Tuesdays and Thursdays.",
      });
    } finally {
      delete process.env.DIGEST_CRON;
      resetEnvCache();
    }
    expect(await savePreferences({ token, frequency: "daily", keywords: "x".repeat(201) })).toMatchObject({
      ok: false,
    });
    expect(await savePreferences({ token: tokenOf(unsubscribeUrl(id)), frequency: "daily" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid/),
    });
    expect(await getPreferences("forged.token")).toBeNull();
  });
});

describe("without a mail server", () => {
  it("the confirmation lands in the local outbox, where the development page reads it back", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "paperboy-outbox-"));
    delete process.env.SMTP_URL;
    process.env.PAPERBOY_DATA_DIR = dataDir;
    resetEnvCache();
    await closeMail();
    try {
      expect(await subscribe("offline@example.org")).toMatchObject({ ok: true });
      const [entry] = await listOutboxMessages();
      expect(entry).toMatchObject({
        to: "offline@example.org",
        subject: "Confirm your Paperboy digest subscription",
      });
      const message = await readOutboxMessage(entry!.name);
      expect(confirmLink(message!.text!)).toBeDefined();
      expect(message!.html).toContain("Confirm my subscription");
      expect(await readOutboxMessage("../secret")).toBeNull();
      expect(await readOutboxMessage("missing.eml")).toBeNull();
    } finally {
      process.env.SMTP_URL = sink.url;
      delete process.env.PAPERBOY_DATA_DIR;
      resetEnvCache();
      await closeMail();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
