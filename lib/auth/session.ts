import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { cache } from "react";
import { getEnv } from "@/lib/env";
import { authOptions } from "./options";
import { SESSION_COOKIE_NAMES } from "./session-cookie";

export type Viewer = { id: string; email: string | null; name: string | null; isAdmin: boolean };

/**
 * The signed-in user of this request, or null. A request without a session
 * cookie costs no query. Cached per request: the header and the page both ask.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const jar = await cookies();
  if (!SESSION_COOKIE_NAMES.some((name) => jar.has(name))) return null;
  const session = await getServerSession(authOptions());
  // tsc needs the assertion (next-auth's Session has no id); typescript-eslint resolves the type differently.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  const user = session?.user as { id?: string; email?: string | null; name?: string | null } | undefined;
  if (!user?.id) return null;
  const email = user.email?.toLowerCase() ?? null;
  return {
    id: user.id,
    email,
    name: user.name ?? null,
    isAdmin: !!email && getEnv().ADMIN_EMAILS.includes(email),
  };
});
