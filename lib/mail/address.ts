import { z } from "zod";

/**
 * The one email address schema: trimmed and lower-cased, so an address has
 * one spelling for sign-in, the digest and the CLI alike.
 */
export const emailAddressSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, { error: "That address is too long." })
  .pipe(z.email({ error: "Enter a valid email address." }));
