// The reference for the digest's throughput: plain pooled nodemailer sending
// the same number of digest-sized messages to the same counting SMTP server,
// with no database and no per-recipient work.
//   node --import tsx tests/bench/raw-nodemailer.ts <messages> <port> <connections>
import nodemailer from "nodemailer";

const [messages, port, connections] = process.argv.slice(2).map(Number) as [number, number, number];
const transport = nodemailer.createTransport(
  `smtp://127.0.0.1:${port}?pool=true&maxConnections=${connections}&maxMessages=Infinity`,
);
const html = `<html><body>${"<p>A paper title, its authors and an abstract of a few hundred characters, linked to its page.</p>".repeat(60)}</body></html>`;
const text = "A paper title, its authors and an abstract of a few hundred characters.\n".repeat(60);
const started = Date.now();
let next = 0;
async function lane(): Promise<void> {
  while (next < messages) {
    const i = next++;
    await transport.sendMail({
      from: "bench@localhost",
      to: `reader${i}@example.org`,
      subject: `Digest ${i}`,
      text,
      html,
    });
  }
}
await Promise.all(Array.from({ length: connections * 2 }, lane));
const seconds = (Date.now() - started) / 1000;
transport.close();
console.log(
  `raw: ${messages} messages in ${seconds.toFixed(1)} s = ${Math.round(messages / seconds)} messages/s`,
);
