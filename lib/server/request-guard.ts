import http from "node:http";

// Bad requests answered before Next, where Next would answer 500 (or read
// without bound): a body over the limit is a 413, a malformed JSON body to a
// server action or an API route a 400, and a cross-origin POST to a page (a
// server action, from another site's form) a 403. Bodies of the requests
// checked here are read (up to the limit) and handed to Next as read.

/** As next.config.mjs's serverActions.bodySizeLimit ("4mb"): a 1 MB abstract must fit. */
export const MAX_ACTION_BODY_BYTES = 4 * 1_048_576;
/** The JSON API and next-auth's forms take a few fields. */
export const MAX_API_BODY_BYTES = 1_048_576;

export type Refusal = { status: 400 | 403 | 413; message: string };

const READS_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The request Next should get (the same one, or a copy holding the body as
 * read), or a refusal to answer instead.
 */
export async function guardRequest(
  req: http.IncomingMessage,
): Promise<{ request: http.IncomingMessage } | { refusal: Refusal }> {
  if (!READS_BODY.has(req.method ?? "")) return { request: req };
  const path = (req.url ?? "/").split("?")[0]!;
  const api = path.startsWith("/api/");
  // A POST to a page is a server action (with JavaScript it carries Next-Action;
  // without, the browser posts the form itself). The Origin check is Next's
  // own rule, answered as the 403 it means instead of Next's 500.
  // (RFC 8058's one-click unsubscribe is a mail provider's urlencoded POST to /unsubscribe, not an action.)
  const oneClick =
    path === "/unsubscribe" &&
    String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  if (!api && !oneClick && !sameOrigin(req)) {
    return { refusal: { status: 403, message: "Cross-origin form posts are refused." } };
  }
  const limit = api ? MAX_API_BODY_BYTES : MAX_ACTION_BODY_BYTES;
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) return { refusal: tooLarge(limit) };
  const body = await readBody(req, limit);
  if (body === "too large") return { refusal: tooLarge(limit) };
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  // A server action called from JavaScript sends its arguments as JSON in a text/plain body.
  const json =
    type.startsWith("application/json") || (!!req.headers["next-action"] && type.startsWith("text/plain"));
  if (json && body.length) {
    try {
      JSON.parse(body.toString("utf8"));
    } catch {
      return { refusal: { status: 400, message: "The request body is not valid JSON." } };
    }
  }
  return { request: replay(req, body) };
}

function tooLarge(limit: number): Refusal {
  return { status: 413, message: `The request body is over ${Math.round(limit / 1_048_576)} MB.` };
}

function sameOrigin(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === "null") return !origin; // an opaque origin ("null") is another site's
  const host = req.headers["x-forwarded-host"] ?? req.headers.host;
  try {
    return new URL(origin).host === String(host).split(",")[0]!.trim();
  } catch {
    return false;
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | "too large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.resume(); // drain the rest unread
        resolve("too large");
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** A request that reads as `req` did, with `body` for its body (req's own stream is spent). */
function replay(req: http.IncomingMessage, body: Buffer): http.IncomingMessage {
  const copy = new http.IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  if (body.length) copy.push(body);
  copy.push(null);
  copy.complete = true;
  return copy;
}

export function sendRefusal(res: http.ServerResponse, refusal: Refusal): void {
  res.writeHead(refusal.status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    // The rest of an oversized body is not read: the connection cannot carry another request.
    ...(refusal.status === 413 ? { Connection: "close" } : {}),
  });
  res.end(
    JSON.stringify({ error: refusal.message, code: refusal.status === 403 ? "forbidden" : "bad_request" }),
  );
}
