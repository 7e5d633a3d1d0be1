import { setTimeout as sleep } from "node:timers/promises";
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqlPool } from "@/lib/db";
import type { IsoDate } from "@/lib/papers/dates";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { addPapers, addSubscribers, countByAddress, deliveryRows } from "../helpers/digest";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// `npm run digest` as real processes: two at once, and one killed half way
// (SIGKILL: no chance to hand anything back) and started again.

let database: TestDatabase;
let sink: SmtpSink;
const DAY = "2026-03-30" as IsoDate;
const PERIOD = `daily:${DAY}`;

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  await addPapers(
    DAY,
    Array.from({ length: 12 }, (_, i) => ({
      id: `2603.${String(i + 1).padStart(5, "0")}`,
      upvotes: 120 - i,
    })),
  );
});

afterAll(async () => {
  await sink.stop({ abrupt: true });
  await database.drop();
});

beforeEach(async () => {
  await sqlPool().query("TRUNCATE subscribers, digest_deliveries, delivered_papers CASCADE");
  sink.messages.length = 0;
  sink.beforeAccept = undefined;
});

type Run = { child: ChildProcess; output: () => string; exit: Promise<number | null> };

function runDigestCli(env: Record<string, string> = {}): Run {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "lib/cli/digest.ts", "--period", "daily", "--date", DAY],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        SMTP_URL: sink.url,
        SMTP_RATE_PER_SECOND: "1000",
        DIGEST_BATCH_SIZE: "20",
        DIGEST_CONCURRENCY: "5",
        DIGEST_RETRY_DELAY_SECONDS: "0.1",
        DIGEST_LEASE_SECONDS: "2",
        ...env,
      },
    },
  );
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

describe("npm run digest, two processes at once", () => {
  it("200 subscribers: each gets exactly one, and both report the complete period", async () => {
    const addresses = await addSubscribers({ prefix: "twin", count: 200 });
    const [a, b] = [runDigestCli(), runDigestCli()];
    const [codeA, codeB] = await Promise.all([a.exit, b.exit]);
    expect(codeA, a.output()).toBe(0);
    expect(codeB, b.output()).toBe(0);
    await sink.waitFor(200);
    const counts = countByAddress(sink.messages);
    expect(sink.messages).toHaveLength(200);
    for (const address of addresses) expect(counts.get(address), address).toBe(1);
    for (const run of [a, b]) {
      expect(run.output()).toMatch(
        /Digest daily:2026-03-30 \(Mar 30, 2026\)\n {2}subscribers {2}200\n {2}sent {9}200\n {2}skipped {6}0\n {2}failed {7}0/,
      );
    }
    const sentByEach = [a, b].map((r) => Number(/this run {5}sent (\d+)/.exec(r.output())?.[1]));
    expect(sentByEach[0]! + sentByEach[1]!).toBe(200);
  });
});

describe("a worker killed half way", () => {
  it("after a restart the rest go out; only messages in flight at the kill can go twice", async () => {
    const addresses = await addSubscribers({ prefix: "crash", count: 200 });
    // Slow enough to kill it in the middle: 50 messages a second.
    const env = { SMTP_RATE_PER_SECOND: "50" };
    const first = runDigestCli(env);
    const killed = new Promise<void>((resolve) => {
      sink.beforeAccept = () => {
        if (sink.messages.length >= 80 && first.child.exitCode === null) {
          first.child.kill("SIGKILL");
          resolve();
        }
      };
    });
    await Promise.race([
      killed,
      first.exit.then((code) =>
        Promise.reject(new Error(`finished before the kill (${code}):\n${first.output()}`)),
      ),
    ]);
    await first.exit;
    sink.beforeAccept = undefined;
    // What the dead worker left: rows it claimed and never marked. Among them are the messages it had in flight.
    await sleep(300);
    const atKill = await deliveryRows(PERIOD);
    const claimedAtKill = new Set(atKill.filter((r) => r.status === "sending").map((r) => r.email));
    const receivedAtKill = sink.messages.length;
    expect(receivedAtKill).toBeGreaterThanOrEqual(80);
    expect(receivedAtKill).toBeLessThan(200);
    expect(atKill.filter((r) => r.status === "sent").length).toBeLessThanOrEqual(receivedAtKill);

    const second = runDigestCli();
    expect(await second.exit, second.output()).toBe(0);
    expect(second.output()).toMatch(/subscribers {2}200\n {2}sent {9}200\n {2}skipped {6}0\n {2}failed {7}0/);

    const counts = countByAddress(sink.messages);
    for (const address of addresses) expect(counts.get(address) ?? 0, address).toBeGreaterThanOrEqual(1);
    const doubled = addresses.filter((a) => (counts.get(a) ?? 0) > 1);
    // A double is a message the server took while the worker died before recording it:
    // always one of the dead worker's claims, and at most as many as it had in flight (DIGEST_CONCURRENCY).
    for (const address of doubled) {
      expect(claimedAtKill.has(address), address).toBe(true);
      expect(counts.get(address)).toBe(2);
    }
    expect(doubled.length).toBeLessThanOrEqual(5);
    expect(sink.messages).toHaveLength(200 + doubled.length);
    const rows = await deliveryRows(PERIOD);
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
  });
});
