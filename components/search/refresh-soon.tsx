"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While the index warms, asks again shortly, in place. */
export function RefreshSoon({ ms = 1500 }: { ms?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setTimeout(() => router.refresh(), ms);
    return () => clearTimeout(timer);
  }, [router, ms]);
  return null;
}
