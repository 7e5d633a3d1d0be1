// The List-Unsubscribe address of every digest (RFC 8058).
// POST: mail providers send "List-Unsubscribe=One-Click" with no cookie and no
// Origin; the signed token in the address is the credential, so there is no
// Origin check. It unsubscribes and answers 200, again and again.
// GET: a person who opens the address sees the unsubscribe page, with its button.
import { NextResponse } from "next/server";
import { unsubscribeByToken } from "@/lib/digest/subscriptions";
import { toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

export async function POST(request: Request): Promise<Response> {
  try {
    const result = await unsubscribeByToken(new URL(request.url).searchParams.get("token"));
    if (result.state === "invalid") {
      return new Response("This unsubscribe link is not valid.\n", { status: 400, headers: TEXT });
    }
    return new Response("Unsubscribed: no more digests will be sent to this address.\n", {
      status: 200,
      headers: TEXT,
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}

export function GET(request: Request): Response {
  const { search } = new URL(request.url);
  return NextResponse.redirect(new URL(`/unsubscribe${search}`, request.url), 303);
}
