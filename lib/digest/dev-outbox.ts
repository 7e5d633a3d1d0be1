import "server-only";
import { getEnv } from "@/lib/env";
import { mailMode } from "@/lib/mail/transport";

/**
 * /dev/outbox lists every mail in the local outbox, confirmation links
 * included: only on a development server writing to the outbox, or where
 * PAPERBOY_DEV_OUTBOX=true says so.
 */
export function isDevOutboxEnabled(): boolean {
  const env = getEnv();
  if (env.PAPERBOY_DEV_OUTBOX !== undefined) return env.PAPERBOY_DEV_OUTBOX;
  return env.NODE_ENV !== "production" && mailMode() === "outbox";
}
