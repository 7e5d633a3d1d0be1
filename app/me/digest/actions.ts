"use server";
// The digest from the account page (Next checks the action's Origin).
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { clientIpOf } from "@/lib/auth/client-ip";
import { getViewer } from "@/lib/auth/session";
import { subscribeAccount } from "@/lib/digest/account";
import type { FormResult } from "@/lib/html/form-result";

export async function subscribeAccountAction(_previous: FormResult | null): Promise<FormResult> {
  const viewer = await getViewer();
  if (!viewer?.email) return { ok: false, error: "Sign in with an email address first." };
  const result = await subscribeAccount({ id: viewer.id, email: viewer.email }, clientIpOf(await headers()));
  revalidatePath("/me/digest");
  return result;
}
