// The client's address, for per-client rate limits. The server in front of
// Next (lib/server) works it out from the socket and TRUST_PROXY_HOPS and
// hands it to Next in CLIENT_IP_HEADER, replacing whatever a client sent
// under that name; Next's routes and actions read it with clientIpOf.
//
// With no proxy in front (TRUST_PROXY_HOPS=0) the client is the socket's
// address and X-Forwarded-For is ignored: anyone can write it, and rotating
// it would dodge every limit. Behind n proxies that each append the address
// they saw, the n-th entry from the right is the one the outermost proxy saw;
// entries further left are the client's own say.

export const CLIENT_IP_HEADER = "x-paperboy-client-ip";

export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string {
  const socket = normalise(socketAddress ?? "unknown");
  if (trustedHops === 0) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!entries.length) return socket;
  // Fewer entries than proxies: the leftmost was still written by a trusted one.
  return normalise(entries[Math.max(0, entries.length - trustedHops)]!);
}

function normalise(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "").slice(0, 64);
}

/** In a route handler or server action: the client's address as the front server found it. */
export function clientIpOf(headers: Headers): string {
  // Without the front server (a bare `next start`), every client shares one
  // window: stricter than needed, never looser.
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
