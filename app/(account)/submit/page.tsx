// GET /submit - a signed-in reader adds a paper to today's feed, by arXiv id or by hand
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { lookupArxivAction, submitPaperAction } from "@/lib/papers/actions";
import { ArxivLookup } from "@/components/paper/arxiv-lookup";
import { getViewer } from "@/lib/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Submit a paper" };

export default async function SubmitPage() {
  if (!(await getViewer())) redirect("/signin?callbackUrl=/submit");
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-2xl font-bold tracking-tight">Submit a paper</h1>
      <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">
        Give its arXiv id or link: Paperboy looks it up on arXiv for you to check. It joins today&apos;s feed
        under your name.
      </p>
      <ArxivLookup lookup={lookupArxivAction} submit={submitPaperAction} />
    </div>
  );
}
