// A counting SMTP server for the throughput benchmark, run as its own process
// so parsing does not compete with the sender: accepts everything, parses
// nothing, and prints the count on each "count" line read from stdin.
import { SMTPServer } from "smtp-server";

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on("data", () => {});
    stream.on("end", () => {
      count++;
      callback();
    });
  },
});
server.listen(Number(process.argv[2]), "127.0.0.1", () => process.stdout.write("ready\n"));
process.stdin.on("data", () => process.stdout.write(`${count}\n`));
