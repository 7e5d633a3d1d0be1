import { NextResponse, type NextRequest } from "next/server";
import { isDatabaseReachable } from "@/lib/database/health";
import { appUrl } from "@/lib/env";
import { searchParamsSchema } from "@/lib/search/schemas";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "@/lib/server/security-headers";

// Runs before every page and API request (not static files):
// - every answer gets the content security policy, with a nonce of its own
//   that Next puts on its scripts, and HSTS when APP_URL is https;
// - a malformed %-escape in the path is a 400 (Next would answer 500);
// - a one-click unsubscribe POST to the address mails carried before it had
//   its own route (RFC 8058's body, to /unsubscribe) goes to that route;
// - a search with impossible filters is a 400 with its reason;
// - while Postgres is unreachable, a 503 with Retry-After, as HTML for pages
//   and JSON for the API, instead of a hang or an error page.

const UNAVAILABLE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Paperboy is catching its breath</title>
<style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#111827;background:#fff}@media (prefers-color-scheme:dark){body{color:#f3f4f6;background:#0b0f19}}</style></head>
<body><h1>Back in a moment</h1><p>Paperboy cannot reach its database right now. This page will work again as soon as it is back: try again in a few seconds.</p></body></html>`;

export async function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV !== "production" });
  const response = await answer(request, policy);
  response.headers.set("Content-Security-Policy", policy);
  const hsts = strictTransportSecurity(appUrl());
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

async function answer(request: NextRequest, policy: string): Promise<NextResponse> {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return new NextResponse("Bad request: the address has a malformed %-escape.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  // Digests mailed before 2026-12 name the page itself (/unsubscribe?token=)
  // in List-Unsubscribe; a provider's one-click POST there, told apart by the
  // body RFC 8058 prescribes, goes to the one-click route. The page's own
  // forms never send that field.
  if (
    request.method === "POST" &&
    request.nextUrl.pathname === "/unsubscribe" &&
    (await isOneClickUnsubscribe(request))
  ) {
    return NextResponse.rewrite(new URL(`/unsubscribe/one-click${request.nextUrl.search}`, request.url));
  }
  // The Hub's Markdown address of a paper (/papers/{id}.md) is a route handler's answer, not a page.
  const markdown = /^\/papers\/(.+)\.md$/.exec(request.nextUrl.pathname);
  if (markdown && request.method === "GET") {
    return NextResponse.rewrite(
      new URL(`/api/papers/markdown?id=${encodeURIComponent(markdown[1]!)}`, request.url),
    );
  }
  // A search page with impossible filters (a date that is not a day, from after to) is a 400: the
  // page itself renders the reason, in the site's layout with its search form.
  const badSearch =
    request.nextUrl.pathname === "/search" &&
    !searchParamsSchema.safeParse(Object.fromEntries(request.nextUrl.searchParams)).success;
  if (!(await isDatabaseReachable())) {
    const headers = { "Retry-After": "5", "Cache-Control": "no-store" };
    return request.nextUrl.pathname.startsWith("/api/")
      ? NextResponse.json(
          { error: "The database is unavailable. Try again in a few seconds.", code: "unavailable" },
          { status: 503, headers },
        )
      : new NextResponse(UNAVAILABLE_HTML, {
          status: 503,
          headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
        });
  }
  // Next takes the nonce from the request's policy and writes it on every script of the page.
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  return NextResponse.next({ request: { headers }, ...(badSearch ? { status: 400 } : {}) });
}

/** RFC 8058's one-click body: the single field List-Unsubscribe=One-Click, urlencoded or multipart. */
async function isOneClickUnsubscribe(request: NextRequest): Promise<boolean> {
  if (request.headers.has("next-action")) return false;
  if (Number(request.headers.get("content-length") ?? "0") > 4_096) return false;
  try {
    const form = await request.clone().formData();
    return form.get("List-Unsubscribe") === "One-Click";
  } catch {
    // fetch() with a bare string body sends text/plain: the body is still RFC 8058's.
    return (await request.clone().text()).trim() === "List-Unsubscribe=One-Click";
  }
}

export const config = {
  // Everything but Next's static files and the files in public/.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|icon\\.svg|theme\\.js|screenshot\\.png).*)"],
};
