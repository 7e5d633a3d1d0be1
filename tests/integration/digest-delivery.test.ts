import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyToken } from "@/lib/auth/signed-tokens";
import { sqlPool } from "@/lib/db";
import { deliverPeriod } from "@/lib/digest/deliver";
import type { DeliverySettings } from "@/lib/digest/delivery-run";
import { dailyPeriod, weeklyPeriodOf } from "@/lib/digest/periods";
import { unsubscribeSubscriber } from "@/lib/digest/subscriber-queries";
import { resetEnvCache } from "@/lib/env";
import { closeMail } from "@/lib/mail/transport";
import type { IsoDate } from "@/lib/papers/dates";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { addPapers, addSubscribers, countByAddress, deliveryRows } from "../helpers/digest";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// The delivery engine against a real Postgres and a real SMTP server: what
// each subscriber receives, and that every due subscriber ends as exactly one
// row, whatever the mail server does.

let database: TestDatabase;
let sink: SmtpSink;

const DAY = "2026-03-30" as IsoDate;
const period = dailyPeriod(DAY);
const cutoff = () => new Date();
const fast: Partial<DeliverySettings> = {
  retryDelayMs: 50,
  maxAttempts: 3,
  batchSize: 25,
  concurrency: 5,
  leaseSeconds: 10,
  papersPerDigest: 10,
};

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.SMTP_RATE_PER_SECOND = "2000";
  resetEnvCache();
  await closeMail();
  // 12 papers on the day, ranked by upvotes 120, 110, ... 10.
  await addPapers(
    DAY,
    Array.from({ length: 12 }, (_, i) => ({
      id: `2603.${String(i + 1).padStart(5, "0")}`,
      upvotes: 120 - i * 10,
    })),
  );
});

afterAll(async () => {
  await closeMail();
  await sink.stop({ abrupt: true });
  await database.drop();
  delete process.env.SMTP_URL;
  delete process.env.SMTP_RATE_PER_SECOND;
  resetEnvCache();
});

beforeEach(async () => {
  await sqlPool().query("TRUNCATE subscribers, digest_deliveries, delivered_papers CASCADE");
  sink.messages.length = 0;
  sink.beforeAccept = undefined;
  sink.failTemporarily = false;
  sink.rejectPermanently.clear();
});

/** Each address got exactly one message, and each has exactly one row. */
async function expectExactlyOnce(addresses: string[], periodKey = period.key) {
  const counts = countByAddress(sink.messages);
  for (const address of addresses) expect(counts.get(address) ?? 0, address).toBe(1);
  const rows = await deliveryRows(periodKey);
  expect(rows.map((r) => r.email)).toEqual([...addresses].sort());
  expect(rows.every((r) => r.status === "sent")).toBe(true);
}

const idsIn = (text: string) => [...text.matchAll(/\/papers\/(\d{4}\.\d{5})/g)].map((m) => m[1]);

describe("a digest message", () => {
  it("carries the unsubscribe headers, a text and an HTML body with every link, and escapes imported text", async () => {
    await sqlPool().query(`UPDATE papers SET title = $2, abstract = $3 WHERE id = $1`, [
      "2603.00001",
      `<script>alert("x")</script> & <b>Diffusion</b> models`,
      `We show <img src=x onerror=alert(1)> that "quotes" & ampersands survive.`,
    ]);
    const [address] = await addSubscribers({ prefix: "reader", count: 1 });
    const summary = await deliverPeriod({ period, cutoff: cutoff(), settings: fast });
    expect(summary).toMatchObject({ due: 1, sent: 1, skipped: 0, failed: 0, pending: 0, complete: true });

    const [message] = sink.to(address!);
    const { parsed, raw } = message!;
    const headerBlock = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, " ");
    const unsubscribe = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(headerBlock)?.[1];
    expect(unsubscribe).toMatch(/^http:\/\/localhost:3000\/unsubscribe\/one-click\?token=[\w-]+\.[\w-]+$/);
    expect(headerBlock).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const token = new URL(unsubscribe!).searchParams.get("token")!;
    const {
      rows: [subscriber],
    } = await sqlPool().query<{ id: string }>(`SELECT id FROM subscribers WHERE email = $1`, [address]);
    expect(verifyToken("unsubscribe", token)).toEqual({ ok: true, subject: subscriber!.id });

    expect(parsed.subject).toBe(
      `Daily Papers, Mar 30, 2026: <script>alert("x")</script> & <b>Diffusion</b> models and 9 more`,
    );

    // Plain text: the top 10 by upvotes, each with its page and arXiv, then the links and why.
    const text = parsed.text!;
    const topTen = Array.from({ length: 10 }, (_, i) => `2603.${String(i + 1).padStart(5, "0")}`);
    expect([...new Set(idsIn(text))]).toEqual(topTen);
    for (const id of topTen) {
      expect(text).toContain(`http://localhost:3000/papers/${id}`);
      expect(text).toContain(`https://arxiv.org/abs/${id}`);
    }
    expect(text).toContain("View in your browser: http://localhost:3000/digest/daily/2026-03-30");
    expect(text).toMatch(
      /Change your preferences: http:\/\/localhost:3000\/preferences\?token=[\w-]+\.[\w-]+/,
    );
    // The body links the page (a button); the header names the one-click route, with the same token.
    expect(text).toContain(`Unsubscribe (one click): http://localhost:3000/unsubscribe?token=${token}`);
    expect(text).toContain(`You get this mail because ${address} subscribed to Paperboy's daily digest`);

    // HTML: the same papers and links; imported markup only ever as text.
    const html = parsed.html as string;
    expect([...new Set(idsIn(html))]).toEqual(topTen);
    expect(html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Diffusion&lt;/b&gt; models",
    );
    expect(html).toContain(
      "We show &lt;img src=x onerror=alert(1)&gt; that &quot;quotes&quot; &amp; ampersands survive.",
    );
    expect(html).not.toMatch(/<script|<img|<b>Diffusion/);
    expect(html).toContain('href="http://localhost:3000/digest/daily/2026-03-30"');
    expect(html).toContain(`href="http://localhost:3000/unsubscribe?token=${token}"`);
    expect(html).toMatch(/href="http:\/\/localhost:3000\/preferences\?token=/);
    expect(html).toContain('href="https://arxiv.org/abs/2603.00010"');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain("@media (prefers-color-scheme: dark)");
    expect(html).toContain("You get this mail because");

    // Recorded: the row with the message id, and the ten papers as received.
    const { rows } = await sqlPool().query<{ status: string; message_id: string; papers: number }>(
      `SELECT d.status, d.message_id, (SELECT count(*)::int FROM delivered_papers p WHERE p.delivery_id = d.id) AS papers FROM digest_deliveries d`,
    );
    expect(rows).toEqual([{ status: "sent", message_id: parsed.messageId, papers: 10 }]);
  });
});

describe("filters and never twice", () => {
  it("applies keywords and minimum upvotes, skips with a reason when nothing is left, and never sends a paper twice", async () => {
    await sqlPool().query(
      `UPDATE papers SET title = 'Paper ' || id, abstract = 'The abstract of paper ' || id || '.'`,
    );
    await sqlPool().query(
      `UPDATE papers SET title = 'Diffusion models for robots' WHERE id IN ('2603.00003', '2603.00011')`,
    );
    await sqlPool().query(
      `UPDATE papers SET abstract = 'Our diffusion-based planner.' WHERE id = '2603.00007'`,
    );
    const [everything] = await addSubscribers({ prefix: "all", count: 1 });
    const [diffusion] = await addSubscribers({ prefix: "kw", count: 1, keywords: "diffusion" });
    const [popular] = await addSubscribers({ prefix: "min", count: 1, minUpvotes: 95 });
    const [nothing] = await addSubscribers({ prefix: "none", count: 1, keywords: "quantum" });

    const first = await deliverPeriod({ period, cutoff: cutoff(), settings: fast });
    expect(first).toMatchObject({
      due: 4,
      sent: 3,
      skipped: 1,
      skippedByReason: { no_keyword_match: 1 },
      failed: 0,
      complete: true,
    });
    const ids = (address: string) => sink.to(address).flatMap((m) => [...new Set(idsIn(m.parsed.text!))]);
    expect(ids(everything!)).toHaveLength(10);
    // Matches beyond the overall top 10 count: filters apply before the cut.
    expect(ids(diffusion!)).toEqual(["2603.00003", "2603.00007", "2603.00011"]);
    expect(ids(popular!)).toEqual(["2603.00001", "2603.00002", "2603.00003"]);
    expect(sink.to(nothing!)).toHaveLength(0);
    expect((await deliveryRows(period.key)).find((r) => r.email === nothing)).toMatchObject({
      status: "skipped",
      skip_reason: "no_keyword_match",
    });

    // The same period again (a second run, a second instance): nothing.
    const again = await deliverPeriod({ period, cutoff: cutoff(), settings: fast });
    expect(again.run).toMatchObject({ sent: 0, skipped: 0, failed: 0 });
    expect(sink.messages).toHaveLength(3);

    // Switching to weekly: the week's digest leaves out what was already received.
    await sqlPool().query(`UPDATE subscribers SET frequency = 'weekly' WHERE email = $1`, [everything]);
    await addPapers("2026-03-31", [
      { id: "2603.90001", upvotes: 5 },
      { id: "2603.90002", upvotes: 500 },
    ]);
    const week = weeklyPeriodOf(DAY);
    sink.messages.length = 0;
    const weekly = await deliverPeriod({ period: week, cutoff: cutoff(), settings: fast });
    expect(weekly).toMatchObject({ due: 1, sent: 1 });
    const weeklyIds = ids(everything!);
    expect(weeklyIds).toEqual(["2603.90002", "2603.00011", "2603.00012", "2603.90001"]);
    const { rows } = await sqlPool().query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT paper_id)::int AS distinct FROM delivered_papers dp JOIN subscribers s ON s.id = dp.subscriber_id WHERE s.email = $1`,
      [everything],
    );
    expect(rows[0]).toEqual({ n: 14, distinct: 14 });

    // Back to daily: the day after has nothing they have not received, and they are skipped for that reason.
    await sqlPool().query(`UPDATE subscribers SET frequency = 'daily' WHERE email = $1`, [everything]);
    const repeat = await deliverPeriod({
      period: dailyPeriod("2026-03-31" as IsoDate),
      cutoff: cutoff(),
      settings: fast,
    });
    expect(repeat).toMatchObject({
      sent: 1,
      skipped: 3,
      skippedByReason: { already_received: 1, no_keyword_match: 2 },
    });
    expect(sink.to(everything!)).toHaveLength(1);
  });
});

describe("two workers at once", () => {
  it("200 subscribers, two workers claiming side by side: each subscriber gets exactly one", async () => {
    const addresses = await addSubscribers({ prefix: "pair", count: 200 });
    const settings = { ...fast, batchSize: 20 };
    const [a, b] = await Promise.all([
      deliverPeriod({ period, cutoff: cutoff(), settings, workerId: "worker-a" }),
      deliverPeriod({ period, cutoff: cutoff(), settings, workerId: "worker-b" }),
    ]);
    expect(a.run.sent + b.run.sent).toBe(200);
    expect(a.run.sent).toBeGreaterThan(0);
    expect(b.run.sent).toBeGreaterThan(0);
    expect(sink.messages).toHaveLength(200);
    await expectExactlyOnce(addresses);
    expect(a).toMatchObject({ due: 200, sent: 200, complete: true });
  });
});

describe("the mail server fails half way", () => {
  /** Accepts 50 messages, then refuses and goes away, dropping every connection; back after `downMs`. */
  function outageAfter50(downMs: number): Promise<void> {
    let stopped: Promise<void> | undefined;
    sink.beforeAccept = () => {
      if (sink.messages.length < 50) return;
      // It drops the connections a moment later, once the messages it was
      // already accepting are acknowledged: a server that takes a message and
      // dies before saying so is the one double send no sender can prevent.
      stopped ??= sleep(200).then(() => sink.stop({ abrupt: true }));
      throw Object.assign(new Error("4.3.2 Shutting down"), { responseCode: 421 });
    };
    return (async () => {
      await vi.waitFor(() => expect(stopped).toBeDefined(), { timeout: 60_000, interval: 20 });
      await stopped;
      await sleep(downMs);
      sink.beforeAccept = undefined;
      await sink.start();
    })();
  }

  it("stopped after 50 of 200 and started again: after the retries and a second run, each of the 200 has exactly one", async () => {
    const addresses = await addSubscribers({ prefix: "outage", count: 200 });
    const restarted = outageAfter50(3_000);
    // The first run is stopped while the server is still down, a second into the outage, having
    // retried (a signal, not a deadline: on a busy machine the first 50 can take longer than any fixed one).
    const stop = new AbortController();
    void (async () => {
      await vi.waitFor(() => expect(sink.messages.length).toBeGreaterThanOrEqual(50), {
        timeout: 60_000,
        interval: 20,
      });
      await sleep(1_000);
      stop.abort();
    })();
    const first = await deliverPeriod({
      period,
      cutoff: cutoff(),
      settings: { ...fast, maxAttempts: 2, retryDelayMs: 100 },
      signal: stop.signal,
    });
    expect(sink.messages.length).toBeGreaterThanOrEqual(50);
    expect(first.sent).toBe(sink.messages.length);
    // Never a success while messages are missing: it says what failed and what is pending.
    expect(first.complete && first.failed === 0).toBe(false);
    expect(first.sent + first.failed + first.pending).toBe(200);
    const rows = await deliveryRows(period.key);
    expect(rows.filter((r) => r.status === "failed")).toHaveLength(first.failed);
    expect(first.run.retried + first.run.failed).toBeGreaterThan(0);

    await restarted;
    const second = await deliverPeriod({ period, cutoff: cutoff(), settings: fast, reviveFailed: true });
    expect(second).toMatchObject({ due: 200, sent: 200, failed: 0, pending: 0, complete: true });
    expect(second.run.sent).toBe(200 - first.sent);
    await expectExactlyOnce(addresses);
  });

  it("down for a moment: the run pauses, retries, and delivers all 200 once", async () => {
    const addresses = await addSubscribers({ prefix: "blip", count: 200 });
    const restarted = outageAfter50(1_000);
    const summary = await deliverPeriod({
      period,
      cutoff: cutoff(),
      settings: { ...fast, retryDelayMs: 100 },
    });
    await restarted;
    expect(summary).toMatchObject({ due: 200, sent: 200, failed: 0, complete: true });
    expect(summary.run.retried).toBeGreaterThan(0);
    await expectExactlyOnce(addresses);
  });

  it("retries a temporary 4xx with backoff and sends once", async () => {
    const addresses = await addSubscribers({ prefix: "busy", count: 10 });
    let refused = 0;
    sink.beforeAccept = () => {
      if (refused++ < 3) throw Object.assign(new Error("4.2.1 Mailbox busy"), { responseCode: 451 });
    };
    const summary = await deliverPeriod({ period, cutoff: cutoff(), settings: fast });
    expect(summary).toMatchObject({ sent: 10, failed: 0, complete: true });
    expect(summary.run.retried).toBe(3);
    await expectExactlyOnce(addresses);
    const rows = await deliveryRows(period.key);
    expect(rows.filter((r) => r.attempts === 2)).toHaveLength(3);
    expect(rows.filter((r) => r.attempts === 2).every((r) => r.last_error === null)).toBe(true);
  });

  it("gives up after the last attempt, and the run reports the failure", async () => {
    await addSubscribers({ prefix: "down", count: 3 });
    sink.failTemporarily = true;
    const summary = await deliverPeriod({ period, cutoff: cutoff(), settings: { ...fast, maxAttempts: 2 } });
    expect(summary).toMatchObject({ due: 3, sent: 0, failed: 3, pending: 0, complete: true });
    expect(summary.run.failed).toBe(3);
    const rows = await deliveryRows(period.key);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["failed", 2],
      ["failed", 2],
      ["failed", 2],
    ]);
    expect(rows[0]!.last_error).toMatch(/451/);
  });
});

describe("a permanent rejection", () => {
  it("a 5xx for one address marks the subscriber bouncing, and nothing more is sent to them", async () => {
    const addresses = await addSubscribers({ prefix: "bounce", count: 5 });
    const gone = addresses[2]!;
    sink.rejectPermanently.add(gone);
    const summary = await deliverPeriod({ period, cutoff: cutoff(), settings: fast });
    expect(summary).toMatchObject({ due: 5, sent: 4, failed: 1, complete: true });
    expect(summary.run.bounced).toBe(1);
    const rows = await deliveryRows(period.key);
    expect(rows.find((r) => r.email === gone)).toMatchObject({ status: "failed", attempts: 1 });
    expect(rows.find((r) => r.email === gone)!.last_error).toMatch(/550/);
    const {
      rows: [subscriber],
    } = await sqlPool().query<{ status: string; last_bounce: string }>(
      `SELECT status::text, last_bounce FROM subscribers WHERE email = $1`,
      [gone],
    );
    expect(subscriber).toMatchObject({ status: "bouncing" });

    // Not revived, and not due for the next period.
    const revived = await deliverPeriod({ period, cutoff: cutoff(), settings: fast, reviveFailed: true });
    expect(revived.run).toMatchObject({ sent: 0, failed: 0 });
    const week = await deliverPeriod({ period: weeklyPeriodOf(DAY), cutoff: cutoff(), settings: fast });
    expect(week.due).toBe(0);
    await sqlPool().query(`UPDATE subscribers SET frequency = 'weekly'`);
    const weekly = await deliverPeriod({ period: weeklyPeriodOf(DAY), cutoff: cutoff(), settings: fast });
    expect(weekly.due).toBe(4);
    expect(sink.to(gone)).toHaveLength(0);
  });
});

describe("status read just before the send", () => {
  it("an unsubscribe during a run stops that subscriber's mail", async () => {
    const addresses = await addSubscribers({ prefix: "leaving", count: 30 });
    const last = addresses[29]!;
    sink.beforeAccept = () => {
      sink.beforeAccept = undefined;
      // Claimed already (one batch holds all 30); unsubscribes before its turn.
      void sqlPool()
        .query(`SELECT id FROM subscribers WHERE email = $1`, [last])
        .then(({ rows }) => unsubscribeSubscriber(rows[0]!.id));
    };
    const summary = await deliverPeriod({
      period,
      cutoff: cutoff(),
      settings: { ...fast, batchSize: 30, concurrency: 1 },
    });
    expect(summary).toMatchObject({
      due: 30,
      sent: 29,
      skipped: 1,
      skippedByReason: { unsubscribed: 1 },
      failed: 0,
    });
    expect(sink.to(last)).toHaveLength(0);
    expect((await deliveryRows(period.key)).find((r) => r.email === last)).toMatchObject({
      status: "skipped",
      skip_reason: "unsubscribed",
    });
  });

  it("only confirmed subscribers, confirmed before the period was due", async () => {
    await addSubscribers({ prefix: "pending", count: 2, status: "pending" });
    await addSubscribers({ prefix: "gone", count: 2, status: "unsubscribed" });
    const [late] = await addSubscribers({
      prefix: "late",
      count: 1,
      confirmedAt: new Date(Date.now() + 60_000),
    });
    const [ontime] = await addSubscribers({ prefix: "ontime", count: 1 });
    const summary = await deliverPeriod({ period, cutoff: cutoff(), settings: fast });
    expect(summary).toMatchObject({ due: 1, sent: 1 });
    expect(sink.messages.map((m) => m.to[0])).toEqual([ontime]);
    expect(sink.to(late!)).toHaveLength(0);
  });
});
