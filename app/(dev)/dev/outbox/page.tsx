// GET /dev/outbox - the local outbox's mails (development, or PAPERBOY_DEV_OUTBOX=true)
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OutboxList } from "@/components/dev/outbox-list";
import { isDevOutboxEnabled } from "@/lib/digest/dev-outbox";
import { listOutboxMessages } from "@/lib/mail/outbox-view";
import { outboxDir } from "@/lib/mail/transport";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Outbox", robots: { index: false } };

export default async function OutboxPage() {
  if (!isDevOutboxEnabled()) notFound();
  return <OutboxList entries={await listOutboxMessages()} dir={outboxDir()} />;
}
