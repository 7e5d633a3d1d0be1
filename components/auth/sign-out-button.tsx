"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOut({ callbackUrl: "/" })}
      className="block w-full rounded px-3 py-1.5 text-left hover:bg-gray-100 dark:hover:bg-gray-800"
    >
      Sign out
    </button>
  );
}
