import { NextResponse, type NextRequest } from "next/server";

// Next answers a malformed percent-escape in a dynamic segment (/papers/%E0%A4%A)
// with a 500 before any page runs; refuse such URLs here with a 400.

export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return new NextResponse("Bad request: the address has a malformed %-escape.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  // RFC 8058 one-click unsubscribe: mail providers POST to the List-Unsubscribe
  // address itself (/unsubscribe?token=), where the page lives. The page's own
  // button is a server action (it sends Next-Action); any other POST goes to
  // the route handler that unsubscribes and answers 200.
  if (request.method === "POST" && request.nextUrl.pathname === "/unsubscribe" && !request.headers.has("next-action")) {
    return NextResponse.rewrite(new URL(`/api/digest/unsubscribe${request.nextUrl.search}`, request.url));
  }
  return NextResponse.next();
}

export const config = { matcher: ["/papers/:path*", "/search/:path*", "/digest/:path*", "/unsubscribe"] };
