"use client";

import Link from "next/link";
import { Suspense } from "react";
import { PlainSignInLink, SignInLink } from "@/components/auth/sign-in-link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Isolated } from "@/components/ui/isolated";
import { MenuDetails } from "@/components/ui/menu-details";
import { useReader } from "@/lib/auth/reader-store";

/**
 * "Sign in", or the signed-in reader's menu. A <details>, so it opens without
 * JavaScript. Pages are shared, so the server renders "Sign in" for everyone
 * and the browser swaps in the reader's menu once /api/me has answered.
 */
export function UserMenu() {
  const { viewer } = useReader();
  if (!viewer) {
    return (
      <Suspense fallback={<PlainSignInLink />}>
        <SignInLink />
      </Suspense>
    );
  }
  const label = viewer.name || viewer.email || "Account";
  return (
    <MenuDetails className="relative shrink-0">
      <summary
        className="cursor-pointer list-none rounded-md px-2 py-1.5 text-sm font-medium text-gray-700 hover:bg-gray-100 dark:text-gray-300 dark:hover:bg-gray-800"
        data-user-menu
      >
        <span className="inline-block max-w-32 truncate align-bottom">
          <Isolated>{label}</Isolated>
        </span>{" "}
        <span aria-hidden="true">▾</span>
      </summary>
      <div className="absolute right-0 z-50 mt-1 w-48 rounded-lg border border-gray-200 bg-white p-1 text-sm shadow-lg dark:border-gray-700 dark:bg-gray-900">
        <Link
          href="/me/upvotes"
          className="block rounded px-3 py-1.5 hover:bg-gray-100 dark:hover:bg-gray-800"
        >
          My upvotes
        </Link>
        <Link href="/submit" className="block rounded px-3 py-1.5 hover:bg-gray-100 dark:hover:bg-gray-800">
          Submit a paper
        </Link>
        <Link
          href="/me/digest"
          className="block rounded px-3 py-1.5 hover:bg-gray-100 dark:hover:bg-gray-800"
        >
          Email digest
        </Link>
        {viewer.isAdmin ? (
          <Link href="/admin" className="block rounded px-3 py-1.5 hover:bg-gray-100 dark:hover:bg-gray-800">
            Status (admin)
          </Link>
        ) : null}
        <SignOutButton />
      </div>
    </MenuDetails>
  );
}
