import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { getAccountSubscription, subscribeAccount } from "@/lib/digest/account";
import { closeMail } from "@/lib/mail/transport";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

let database: TestDatabase;
let sink: SmtpSink;

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  resetEnvCache();
  await closeMail();
});
afterAll(async () => {
  await closeMail();
  await sink.stop();
  delete process.env.SMTP_URL;
  resetEnvCache();
  await database.drop();
});

describe("the digest from a signed-in account", () => {
  it("turns on at once for an address proven by sign-in, linked to the account", async () => {
    const user = await db().user.create({
      data: { email: "verified@example.org", emailVerified: new Date() },
    });
    expect((await getAccountSubscription("verified@example.org")).status).toBe("none");
    expect(
      await subscribeAccount({ id: user.id, email: "verified@example.org" }, "198.51.100.9"),
    ).toMatchObject({ ok: true });
    const account = await getAccountSubscription("verified@example.org");
    expect(account.status).toBe("active");
    expect(account.preferencesUrl).toMatch(/\/preferences\?token=/);
    expect(
      await db().subscriber.findUnique({
        where: { email: "verified@example.org" },
        select: { userId: true },
      }),
    ).toEqual({ userId: user.id });
    expect(sink.to("verified@example.org")).toHaveLength(0); // no confirmation needed
  });

  it("asks an address that sign-in did not prove to confirm by mail first", async () => {
    const user = await db().user.create({ data: { email: "github@example.org" } });
    expect(
      await subscribeAccount({ id: user.id, email: "github@example.org" }, "198.51.100.9"),
    ).toMatchObject({ ok: true });
    expect((await getAccountSubscription("github@example.org")).status).toBe("pending");
    await sink.waitFor(1);
    expect(sink.to("github@example.org")[0]!.parsed.subject).toMatch(/confirm/i);
  });
});
