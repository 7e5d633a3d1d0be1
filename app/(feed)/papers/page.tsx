// GET /papers, /papers?date=YYYY-MM-DD - the Hub's addresses of the latest day and of a day
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getLatestFeedDate } from "@/lib/feed/feed";
import { isoDateSchema } from "@/lib/papers/schemas";

export const dynamic = "force-dynamic";

const querySchema = z.object({ date: z.union([isoDateSchema, z.array(isoDateSchema)]).optional() });

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PapersPage({ searchParams }: Props) {
  const query = querySchema.safeParse(await searchParams);
  if (!query.success) notFound();
  const named = query.data.date;
  const date = (Array.isArray(named) ? named[0] : named) ?? (await getLatestFeedDate());
  redirect(date ? `/papers/date/${date}` : "/");
}
