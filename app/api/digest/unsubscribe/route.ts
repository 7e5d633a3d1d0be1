// POST /unsubscribe?token= (rewritten here by proxy.ts) - RFC 8058 one-click unsubscribe.
// Mail providers POST "List-Unsubscribe=One-Click" with no cookie and no Origin:
// the signed token in the address is the credential, so no Origin check here.
import { unsubscribeByToken } from "@/lib/digest/subscriptions";
import { toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const result = await unsubscribeByToken(new URL(request.url).searchParams.get("token"));
    if (result.state === "invalid") {
      return new Response("This unsubscribe link is not valid.\n", {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    return new Response("Unsubscribed: no more digests will be sent to this address.\n", {
      status: 200,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
