// GET /organizations/:handle?p=N - the papers of one organization, ranked by upvotes
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PeopleView } from "@/components/people/people-view";
import { pageMetadata } from "@/lib/html/metadata";
import { loadPeoplePage } from "@/lib/papers/people";
import { isolateText } from "@/lib/text/bidi";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ handle: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function load({ params, searchParams }: Props) {
  return loadPeoplePage("organization", (await params).handle, await searchParams);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const view = await load(props);
  if (!view) return { title: "Not found" };
  const name = isolateText(view.name);
  return pageMetadata({
    title: `Papers from ${name}`,
    description: `The research papers from ${name} in the daily feed, ranked by upvotes.`,
    path: view.path,
  });
}

export default async function Page(props: Props) {
  const view = await load(props);
  if (!view) notFound();
  return <PeopleView view={view} />;
}
