// A Paperboy process on the embedded database, driven line by line over
// stdin, for tests of processes joining and leaving it:
//   node --import tsx tests/helpers/embedded-process.ts DATA_DIR PORT
//   "start"   -> starts or joins the server, opens a connection to work on; prints "ready"
//   "query"   -> prints "ok" or "failed <message>" (a query on a fresh connection)
//   "release" -> closes its work connection, leaves; prints "released stopped|in use", exits
import readline from "node:readline";
import pg from "pg";
import { connectionName } from "@/lib/database/connection-name";
import {
  releaseEmbeddedPostgres,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from "@/lib/database/embedded";

const [dataDir, port] = process.argv.slice(2);
let embedded: EmbeddedPostgres | undefined;
let work: pg.Client | undefined;

const say = (line: string) => process.stdout.write(`${line}\n`);

for await (const line of readline.createInterface({ input: process.stdin })) {
  try {
    if (line === "start") {
      embedded = await startEmbeddedPostgres({
        dataDir: dataDir!,
        port: Number(port),
        log: (l) => say(`# ${l}`),
      });
      work = new pg.Client({ connectionString: embedded.url, application_name: connectionName() });
      work.on("error", () => {});
      await work.connect();
      say("ready");
    } else if (line === "query") {
      const client = new pg.Client({ connectionString: embedded!.url, application_name: connectionName() });
      client.on("error", () => {});
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      say("ok");
    } else if (line === "release") {
      await work?.end().catch(() => {});
      say(`released ${await releaseEmbeddedPostgres(embedded!)}`);
      process.exit(0);
    }
  } catch (error) {
    say(`failed ${String((error as Error).message).replace(/\n/g, " ")}`);
  }
}
