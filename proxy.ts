import { NextResponse, type NextRequest } from "next/server";

// Next answers a malformed percent-escape in a dynamic segment (/papers/%E0%A4%A)
// with a 500 before any page runs; refuse such URLs here with a 400.

export async function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return new NextResponse("Bad request: the address has a malformed %-escape.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  // RFC 8058 one-click unsubscribe: mail providers POST to the List-Unsubscribe
  // address itself (/unsubscribe?token=), where the page lives; that POST goes
  // to the route handler that unsubscribes and answers 200. The page's forms
  // are server actions and stay with the page.
  if (request.method === "POST" && request.nextUrl.pathname === "/unsubscribe" && !(await isServerAction(request))) {
    return NextResponse.rewrite(new URL(`/api/digest/unsubscribe${request.nextUrl.search}`, request.url));
  }
  return NextResponse.next();
}

/**
 * With JavaScript a server action sends a Next-Action header. Without it, the
 * browser posts the form itself (multipart, with React's $ACTION_ fields):
 * the footer's subscribe form on the unsubscribe page must not unsubscribe.
 */
async function isServerAction(request: NextRequest): Promise<boolean> {
  if (request.headers.has("next-action")) return true;
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) return false;
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > 65_536) return false;
  return (await request.clone().text()).includes('name="$ACTION_');
}

export const config = { matcher: ["/papers/:path*", "/search/:path*", "/digest/:path*", "/unsubscribe"] };
