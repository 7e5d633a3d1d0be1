"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

const linkClass =
  "shrink-0 rounded-md px-2 py-1.5 text-sm font-medium text-gray-700 hover:bg-gray-100 dark:text-gray-300 dark:hover:bg-gray-800";

/** The header's "Sign in": comes back to the page the reader was on (the sign-in page checks the path). */
export function SignInLink() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const back = `${pathname}${search ? `?${search}` : ""}`;
  const href =
    pathname === "/" || pathname.startsWith("/signin")
      ? "/signin"
      : `/signin?callbackUrl=${encodeURIComponent(back)}`;
  return (
    <Link href={href} className={linkClass} data-sign-in-link>
      Sign in
    </Link>
  );
}

/** Before the address is known (prerendering): plain /signin, home afterwards. */
export function PlainSignInLink() {
  return (
    <Link href="/signin" className={linkClass} data-sign-in-link>
      Sign in
    </Link>
  );
}
