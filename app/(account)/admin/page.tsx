// GET /admin - for admins: the last fetch and digest runs, their failures, what the scheduler has queued
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { AdminStatus } from "@/components/admin/admin-status";
import { getViewer } from "@/lib/auth/session";
import { listRecentDigestPeriods } from "@/lib/digest/period-queries";
import { getEnv } from "@/lib/env";
import { getQueueStatus } from "@/lib/jobs/queries";
import { listRecentFetchRuns } from "@/lib/papers/fetch/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Status", robots: { index: false } };

export default async function AdminPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin?callbackUrl=/admin");
  if (!viewer.isAdmin) notFound();
  const env = getEnv();
  const [fetchRuns, digestPeriods, queue] = await Promise.all([
    listRecentFetchRuns(15),
    listRecentDigestPeriods(6),
    getQueueStatus(),
  ]);
  return (
    <AdminStatus
      settings={{
        upstream: env.PAPERS_UPSTREAM_URL,
        fetchCron: env.FETCH_CRON,
        refreshDays: env.FETCH_REFRESH_DAYS,
        digestCron: `${env.DIGEST_CRON} (${env.DIGEST_TIMEZONE})`,
        worker: env.DIGEST_WORKER,
      }}
      fetchRuns={fetchRuns}
      digestPeriods={digestPeriods}
      queue={queue}
    />
  );
}
