import { setTimeout as sleep } from "node:timers/promises";
import http from "node:http";
import { afterAll, describe, expect, inject, it } from "vitest";
import { isListening, startAppServer, type AppServer } from "../helpers/app-server";

// SIGTERM stops the web server gracefully: it stops accepting at once, and a
// request under way when the signal came is answered, not cut off. (The
// request here is a body still being uploaded when the signal arrives.)

let server: AppServer | undefined;

afterAll(async () => {
  await server?.stop();
});

describe("a web server told to stop", () => {
  it("stops accepting, and finishes the request under way", { timeout: 120_000 }, async () => {
    server = await startAppServer({ DATABASE_URL: inject("databaseUrl"), SHUTDOWN_GRACE_SECONDS: "20" });
    const { port } = new URL(server.url);
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/api/auth/signin/email",
          headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
        },
        (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on("error", reject);
      req.write('{"email": ');
      // The rest of the body once the server has been told to stop and has closed its door.
      setTimeout(() => {
        server!.process.kill("SIGTERM");
        const until = Date.now() + 10_000;
        const waitClosed = async () => {
          while ((await isListening(Number(port))) && Date.now() < until) await sleep(50);
          req.end("}-not-json");
        };
        void waitClosed();
      }, 500);
    });
    const { status, body } = await answered;
    expect(status).toBe(400); // answered in full: the malformed body's 400, not a reset connection
    expect(body).toMatch(/not valid JSON/);
    expect(await isListening(Number(port))).toBe(false);
    await expect.poll(() => server!.process.exitCode, { timeout: 30_000 }).toBe(0);
  });
});
