// GET /authors/:name?p=N - the papers of one author, ranked by upvotes
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PeopleView } from "@/components/people/people-view";
import { pageMetadata } from "@/lib/html/metadata";
import { loadPeoplePage } from "@/lib/papers/people";
import { isolateText } from "@/lib/text/bidi";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function load({ params, searchParams }: Props) {
  return loadPeoplePage("author", (await params).name, await searchParams);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const view = await load(props);
  if (!view) return { title: "Not found" };
  const name = isolateText(view.name);
  return pageMetadata({
    title: `Papers by ${name}`,
    description: `The research papers by ${name} in the daily feed, ranked by upvotes.`,
    path: view.path,
  });
}

export default async function Page(props: Props) {
  const view = await load(props);
  if (!view) notFound();
  return <PeopleView view={view} />;
}
