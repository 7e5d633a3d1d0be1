// A second Paperboy process for the search tests: warms its own index from
// DATABASE_URL, polls for changes, and answers one JSON query a line on stdin
// ({"q": "..."}) with the ids it finds, on stdout.
import readline from "node:readline";
import { disconnectDb } from "@/lib/db";
import { searchPapers, startSearchIndex, stopSearchIndex } from "@/lib/search/index";

const outcome = await startSearchIndex({
  snapshotDir: null,
  pollIntervalMs: 250,
  log: (line) => console.error(line),
});
console.log(JSON.stringify({ ready: true, documents: outcome.documents }));
for await (const line of readline.createInterface({ input: process.stdin })) {
  const { q } = JSON.parse(line) as { q: string };
  console.log(JSON.stringify({ q, ids: searchPapers({ q }).hits.map((h) => h.id) }));
}
await stopSearchIndex();
await disconnectDb();
