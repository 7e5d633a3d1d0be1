// The client address for per-client rate limits. Behind a proxy, the first
// X-Forwarded-For hop is the client; a client can forge that header, so the
// per-address limit is the one that protects an inbox.
export function clientIpOf(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || headers.get("x-real-ip") || "direct").slice(0, 64);
}
