import { z } from "zod";
import { emailAddressSchema } from "@/lib/mail/address";
import { isoDateSchema } from "@/lib/papers/schemas";
import { MAX_KEYWORDS_LENGTH, normalizeKeywords } from "./keywords";

// What the digest accepts from outside: the subscribe form, signed-link
// tokens, the preferences form, the CLI's flags, archive URLs.

/** A signed token as signToken makes it: base64url body, a dot, base64url MAC. */
export const tokenSchema = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { error: "The link is incomplete or damaged." });

export const subscribeFormSchema = z.object({ email: emailAddressSchema });

export const preferencesFormSchema = z.object({
  token: tokenSchema,
  frequency: z.enum(["daily", "weekly"], { error: "Choose daily or weekly." }),
  keywords: z
    .string()
    .max(MAX_KEYWORDS_LENGTH, { error: `Keywords: at most ${MAX_KEYWORDS_LENGTH} characters.` })
    .optional()
    .transform((text) => normalizeKeywords(text ?? "")),
  minUpvotes: z
    .string()
    .trim()
    .optional()
    .transform((text, ctx) => {
      if (!text) return null;
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0 || n > 100_000) {
        ctx.addIssue({ code: "custom", message: "Minimum upvotes: a whole number from 0 to 100000." });
        return z.NEVER;
      }
      return n || null;
    }),
});

export type PreferencesForm = z.output<typeof preferencesFormSchema>;

/** npm run digest -- [--dry-run] [--period daily|weekly] [--date YYYY-MM-DD] [--to ADDRESS] */
export const digestCliSchema = z.object({
  dryRun: z.boolean().default(false),
  period: z.enum(["daily", "weekly"], { error: "is daily or weekly" }).optional(),
  date: isoDateSchema.optional(),
  to: emailAddressSchema.optional(),
});
