// The client address for per-client rate limits. Next sets X-Forwarded-For to
// the socket's address when no proxy did; behind a proxy that appends to it,
// the last entry is the one the nearest proxy saw. Entries further left are
// the client's own say and are not trusted.
export function clientIpOf(headers: Headers): string {
  const forwarded = headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return (forwarded?.at(-1) ?? headers.get("x-real-ip") ?? "unknown").slice(0, 64);
}
