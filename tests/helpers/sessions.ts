import crypto from "node:crypto";
import { db } from "@/lib/db";

/** A user and a session of theirs, made in the database as next-auth makes them (DATABASE_URL's). */
export async function createSession(
  email: string,
  name: string | null = null,
): Promise<{ userId: string; token: string; cookie: string }> {
  const user = await db().user.upsert({ where: { email }, create: { email, name }, update: { name } });
  const token = crypto.randomBytes(24).toString("hex");
  await db().session.create({
    data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 86_400_000) },
  });
  return { userId: user.id, token, cookie: `next-auth.session-token=${token}` };
}
