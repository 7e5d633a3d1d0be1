// GET /papers/week - the latest week that has papers
import { redirect } from "next/navigation";
import { getLatestFeedDate } from "@/lib/feed/feed";
import { periodPath, weekPeriodOf } from "@/lib/feed/periods";

export const dynamic = "force-dynamic";

export default async function LatestWeekPage() {
  const latest = await getLatestFeedDate();
  redirect(latest ? periodPath(weekPeriodOf(latest)) : "/");
}
