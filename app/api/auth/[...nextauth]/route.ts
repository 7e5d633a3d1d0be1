// GET|POST /api/auth/* - next-auth (sign-in links, GitHub, sessions)
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { clientIpOf } from "@/lib/auth/client-ip";
import { hitRateLimit } from "@/lib/auth/rate-limit";
import { EMAIL_CALLBACK_PATH, emailCallbackRequest, redirectToSignInPage } from "@/lib/auth/sign-in-link";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

const SIGN_IN_REQUESTS_PER_CLIENT = { limit: 20, windowSeconds: 3_600 };

type RouteHandler = (request: Request, context: Context) => Promise<Response>;

function handle(request: Request, context: Context): Promise<Response> {
  return (NextAuth(authOptions()) as RouteHandler)(request, context);
}

export async function GET(request: NextRequest, context: Context) {
  // Opening a sign-in link signs no one in (mail scanners open links): the page's button does.
  if (request.nextUrl.pathname === EMAIL_CALLBACK_PATH) return redirectToSignInPage(request);
  return handle(request, context);
}

export async function POST(request: NextRequest, context: Context) {
  if (request.nextUrl.pathname === EMAIL_CALLBACK_PATH) {
    const callback = await emailCallbackRequest(request);
    return callback instanceof Response ? callback : handle(callback, context);
  }
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
