// Messages per second from the delivery engine to an SMTP server on loopback
// (real Postgres on 127.0.0.1:5432; the server is a separate process that
// counts and does not parse, so it does not compete with the sender):
//   [SMTP_MAX_CONNECTIONS=20 DIGEST_CONCURRENCY=40] node --conditions=react-server --import tsx tests/bench/digest-throughput.ts [subscribers]
// SMTP_RATE_PER_SECOND defaults to 10000 here (no limit) and SMTP_MAX_CONNECTIONS to 10.
// Measured on 2 cores: 10,000 subscribers at 400 messages/s (20 connections, 40 in flight).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { disconnectDb } from "@/lib/db";
import { deliverPeriod } from "@/lib/digest/deliver";
import { dailyPeriod } from "@/lib/digest/periods";
import { resetEnvCache } from "@/lib/env";
import { closeMail } from "@/lib/mail/transport";
import type { IsoDate } from "@/lib/papers/dates";
import { freePort } from "../helpers/app-server";
import { createTestDatabase } from "../helpers/database";
import { addPapers, addSubscribers } from "../helpers/digest";

const count = Number(process.argv[2] ?? 10_000);
const port = await freePort();
const server = spawn(
  process.execPath,
  ["--import", "tsx", "tests/bench/counting-smtp-server.ts", String(port)],
  { stdio: ["pipe", "pipe", "inherit"] },
);
await once(server.stdout, "data");
const received = async () => {
  server.stdin.write("count\n");
  const [line] = (await once(server.stdout, "data")) as [Buffer];
  return Number(line.toString().trim());
};
const database = await createTestDatabase("paperboy_bench");
try {
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.SMTP_RATE_PER_SECOND ??= "10000";
  process.env.SMTP_MAX_CONNECTIONS ??= "10";
  resetEnvCache();
  const day = "2026-03-30" as IsoDate;
  await addPapers(
    day,
    Array.from({ length: 30 }, (_, i) => ({
      id: `2603.${String(i + 1).padStart(5, "0")}`,
      upvotes: 300 - i,
    })),
  );
  await addSubscribers({ prefix: "bench", count });
  const started = Date.now();
  const summary = await deliverPeriod({
    period: dailyPeriod(day),
    cutoff: new Date(),
    onProgress: (c) => {
      if (c.sent % 1000 === 0)
        process.stderr.write(`\r  ${c.sent} sent, ${Math.round(c.sent / ((Date.now() - started) / 1000))}/s`);
    },
  });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `\n${count} subscribers: sent ${summary.sent}, failed ${summary.failed} in ${seconds.toFixed(1)} s = ${Math.round(summary.sent / seconds)} messages/s (server received ${await received()}; SMTP_MAX_CONNECTIONS ${process.env.SMTP_MAX_CONNECTIONS}, DIGEST_CONCURRENCY ${process.env.DIGEST_CONCURRENCY ?? "20"})`,
  );
} finally {
  await closeMail();
  server.kill();
  await database.drop();
  await disconnectDb();
}
