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
  return NextResponse.next();
}

export const config = { matcher: ["/papers/:path*", "/search/:path*", "/digest/:path*"] };
