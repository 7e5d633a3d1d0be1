// GET /papers/month - the latest month that has papers
import { redirect } from "next/navigation";
import { getLatestFeedDate } from "@/lib/feed/feed";
import { monthPeriodOf, periodPath } from "@/lib/feed/periods";

export const dynamic = "force-dynamic";

export default async function LatestMonthPage() {
  const latest = await getLatestFeedDate();
  redirect(latest ? periodPath(monthPeriodOf(latest)) : "/");
}
