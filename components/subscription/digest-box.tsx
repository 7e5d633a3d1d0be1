"use client";

import Link from "next/link";
import { useReader } from "@/lib/auth/reader-store";
import type { FormResult } from "@/lib/html/form-result";
import { SubscribeForm } from "./subscribe-form";

type Props = { action: (state: FormResult | null, form: FormData) => Promise<FormResult>; id: string };

/**
 * The footer's digest box: the subscribe form, or, for a signed-in reader who
 * already gets the digest (or is confirming it), where to manage it. Shared
 * pages render the form for everyone; the browser swaps it once /api/me answers.
 */
export function DigestBox({ action, id }: Props) {
  const { digest } = useReader();
  if (digest?.status === "active" || digest?.status === "pending") {
    return (
      <p data-digest-box={digest.status}>
        {digest.status === "active"
          ? "The digest comes to your inbox."
          : "Confirm the digest with the link in the mail we sent."}{" "}
        <Link href="/me/digest" className="underline hover:text-gray-900 dark:hover:text-white">
          Manage your digest
        </Link>
      </p>
    );
  }
  return <SubscribeForm action={action} id={id} />;
}
