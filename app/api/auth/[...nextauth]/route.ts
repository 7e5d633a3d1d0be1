// GET|POST /api/auth/* - next-auth (sign-in links, GitHub, sessions)
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { clientIpOf } from "@/lib/auth/client-ip";
import { hitRateLimit } from "@/lib/auth/rate-limit";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

const SIGN_IN_REQUESTS_PER_CLIENT = { limit: 20, windowSeconds: 3_600 };

type RouteHandler = (request: Request, context: Context) => Promise<Response>;

function handle(request: Request, context: Context): Promise<Response> {
  return (NextAuth(authOptions()) as RouteHandler)(request, context);
}

export { handle as GET };

export async function POST(request: Request, context: Context) {
  // Each request for a sign-in link sends a mail: limited per client here, per address in the provider.
  if (new URL(request.url).pathname.endsWith("/signin/email")) {
    const limit = await hitRateLimit(
      `signin:client:${clientIpOf(request.headers)}`,
      SIGN_IN_REQUESTS_PER_CLIENT.limit,
      SIGN_IN_REQUESTS_PER_CLIENT.windowSeconds,
    );
    if (!limit.allowed) {
      return Response.json(
        {
          error: "Too many sign-in requests from here. Try again later.",
          code: "too_many_requests",
          url: null,
        },
        { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
      );
    }
  }
  return handle(request, context);
}
