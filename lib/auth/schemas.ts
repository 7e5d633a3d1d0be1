import { z } from "zod";
import { arxivIdSchema } from "@/lib/papers/schemas";
import { MAX_READER_PAPERS } from "./reader-query";

/** GET /api/me's query: the papers a page shows, as a comma-separated list of arXiv ids. */
export const readerQuerySchema = z.object({
  papers: z
    .string()
    .max(MAX_READER_PAPERS * 101)
    .optional()
    .transform((list) => (list ? list.split(",").filter(Boolean) : []))
    .pipe(z.array(arxivIdSchema).max(MAX_READER_PAPERS)),
});
