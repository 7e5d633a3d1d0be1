// Where to go after signing in, or any other return address taken from a
// request: a path on this site, whatever was asked for. Browsers drop tabs
// and newlines inside a URL and read a backslash as a slash, so
// "/\t/evil.example" and "/\evil.example" lead to another host although they
// start with one slash; "/.//evil.example" becomes "//evil.example" once the
// dot segment goes; an encoded slash is decoded by some proxies on the way.
// The input is parsed as the browser will parse it and only a plain
// same-origin path survives; anything else goes home. The result is what the
// URL parser serialises, all ASCII, so it is always a valid Location header.

const HOME = "/";
// Control characters (tab, newline, NUL, DEL) and backslashes: refused before parsing,
// since the parser would quietly drop or convert them.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
const ENCODED_SLASH = /%(?:2f|5c)/i;
// Relative paths are resolved against a host of no one's, so they can never name another.
const NO_ONES_ORIGIN = "http://paperboy.invalid";

/**
 * A same-origin path ("/papers/2603.28589?x=1#top") for `input`, or "/". An
 * absolute URL is accepted only when it names `origin` (next-auth passes
 * those), and comes back as its path.
 */
export function safeReturnPath(input: unknown, origin?: string): string {
  if (typeof input !== "string" || input.length === 0 || input.length > 2_000) return HOME;
  if (UNSAFE_CHARACTERS.test(input)) return HOME;
  const base = originOf(origin) ?? NO_ONES_ORIGIN;
  let url: URL;
  try {
    if (input.startsWith("/")) {
      if (input.startsWith("//")) return HOME;
      url = new URL(input, base);
    } else {
      url = new URL(input);
    }
  } catch {
    return HOME;
  }
  if (url.origin !== base) return HOME;
  const { pathname } = url;
  if (!pathname.startsWith("/") || pathname.startsWith("//") || ENCODED_SLASH.test(pathname)) return HOME;
  return `${pathname}${url.search}${url.hash}`;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

const SIGN_IN_ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  EmailSignin: "The sign-in mail could not be sent. Try again in a moment.",
  OAuthAccountNotLinked: "That address already signs in another way: use the link by email.",
  AccessDenied: "Sign-in was refused.",
};

export function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return SIGN_IN_ERRORS[code] ?? "Sign-in did not work. Try again.";
}
