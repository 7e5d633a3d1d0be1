// next-auth's session cookie, by both of its names (__Secure- over HTTPS).
// Pure, so that our web server in front of Next can read it too.

export const SESSION_COOKIE_NAMES = ["next-auth.session-token", "__Secure-next-auth.session-token"] as const;

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token=/;

/** Whether a Cookie header carries a session cookie at all (real or not: only next-auth can tell). */
export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  return SESSION_COOKIE.test(cookieHeader ?? "");
}
