// The content security policy and HSTS, set by proxy.ts on every page and API
// answer (next.config.mjs sets the headers that never change).
//
// Scripts: Next's App Router inlines each page's React payload as inline
// scripts. A nonce drawn for each request lets exactly those run: Next reads
// it from the request's policy and puts it on every script it writes, and an
// inline script that anything else put into the page (injected markup) has
// none, so 'unsafe-inline' is gone. Shared pages (the same for every reader,
// signed in or not) are replayed from the page cache (lib/server/page-cache.ts) byte for byte, with
// the policy they were rendered with, so there a nonce is shared by everyone
// served that copy; docs/decisions/009 says what that does and does not stop.
// Styles keep 'unsafe-inline': React writes style attributes, which a nonce
// cannot allow.

/** 128 random bits, base64: a fresh one for every request. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export function contentSecurityPolicy({ nonce, dev }: { nonce: string; dev: boolean }): string {
  return [
    "default-src 'self'",
    // Development: React's debugging needs eval, and hot reload a websocket.
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * HSTS when the public address is https: two years, subdomains of that host
 * included (not preloaded: putting a domain on browsers' preload list is its
 * owner's decision). Over plain http browsers ignore it, so none is sent.
 */
export function strictTransportSecurity(appUrl: string): string | null {
  return appUrl.startsWith("https://") ? "max-age=63072000; includeSubDomains" : null;
}
