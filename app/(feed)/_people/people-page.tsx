// The author and organization pages (/authors/:name, /organizations/:handle):
// one page, told which kind of people it lists and which segment names them.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PeopleView } from "@/components/people/people-view";
import { pageMetadata } from "@/lib/html/metadata";
import { loadPeoplePage, type PeopleKind } from "@/lib/papers/people";
import { isolateText } from "@/lib/text/bidi";

type Props = {
  params: Promise<Record<string, string>>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const PREPOSITION: Record<PeopleKind, string> = { author: "by", organization: "from" };

export function peoplePage(kind: PeopleKind, segment: string) {
  async function load({ params, searchParams }: Props) {
    return loadPeoplePage(kind, (await params)[segment] ?? "", await searchParams);
  }

  async function generateMetadata(props: Props): Promise<Metadata> {
    const view = await load(props);
    if (!view) return { title: "Not found" };
    const name = isolateText(view.name);
    return pageMetadata({
      title: `Papers ${PREPOSITION[kind]} ${name}`,
      description: `The research papers ${PREPOSITION[kind]} ${name} in the daily feed, ranked by upvotes.`,
      path: view.path,
    });
  }

  async function Page(props: Props) {
    const view = await load(props);
    if (!view) notFound();
    return <PeopleView view={view} />;
  }

  return { generateMetadata, Page };
}
