// GET /dev/outbox/:name - one mail of the local outbox
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OutboxMessageView } from "@/components/dev/outbox-message";
import { isDevOutboxEnabled } from "@/lib/digest/dev-outbox";
import { readOutboxMessage } from "@/lib/mail/outbox-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Outbox", robots: { index: false }, referrer: "no-referrer" };

type Props = { params: Promise<{ name: string }> };

export default async function OutboxMessagePage({ params }: Props) {
  if (!isDevOutboxEnabled()) notFound();
  let name: string;
  try {
    name = decodeURIComponent((await params).name);
  } catch {
    notFound();
  }
  const message = await readOutboxMessage(name);
  if (!message) notFound();
  return <OutboxMessageView message={message} />;
}
