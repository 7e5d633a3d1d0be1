import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactEmails } from "@/lib/log";

function capture(format: "text" | "json") {
  const out = new PassThrough();
  let text = "";
  out.on("data", (d: Buffer) => (text += d.toString()));
  return { log: createLogger(format, out).child({ scope: "http" }), text: () => text };
}

describe("logs", () => {
  it("write one JSON object a line with LOG_FORMAT=json, and a readable line otherwise", () => {
    const json = capture("json");
    json.log.info({ method: "GET", path: "/", status: 200, durationMs: 3.2, cache: "hit" }, "request");
    expect(JSON.parse(json.text())).toMatchObject({
      level: "info",
      scope: "http",
      msg: "request",
      method: "GET",
      status: 200,
      cache: "hit",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const text = capture("text");
    text.log.info({ method: "GET", path: "/", status: 200 }, "request");
    expect(text.text()).toMatch(/^\S+ info +\[http\] request method=GET path=\/ status=200\n$/);
  });

  it("never hold an email address, in a message or a field, plain or %-encoded", () => {
    for (const format of ["json", "text"] as const) {
      const { log, text } = capture(format);
      log.warn({ to: "Reader.Name+tag@Example.org" }, "could not send to reader@example.org");
      log.info({ path: "/subscribe?email=someone%40example.co.uk" }, "request");
      expect(text()).not.toMatch(/example\.(org|co\.uk)/);
      expect(text()).toContain("[email]");
    }
    expect(redactEmails("Paperboy <paperboy@localhost>")).toBe("Paperboy <paperboy@localhost>");
  });
});
