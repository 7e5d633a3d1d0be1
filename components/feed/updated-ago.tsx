"use client";

import { useSyncExternalStore } from "react";

// "Updated 12 minutes ago" under a day's heading. Cached pages are shared by
// every reader for as long as the feed does not change, so the page carries
// the time itself and the reader's browser says how long ago that was; the
// server (and a browser without JavaScript) shows the time in UTC.

const TICK_MS = 30_000;
const subscribe = (onChange: () => void) => {
  const timer = setInterval(onChange, TICK_MS);
  return () => clearInterval(timer);
};
const clientNow = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;
const serverNow = () => null;

const absolute = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function describeAge(at: number, now: number): string {
  const minutes = Math.round((now - at) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return relative.format(-minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 48) return relative.format(-hours, "hour");
  return relative.format(-Math.round(hours / 24), "day");
}

export function UpdatedAgo({ at }: { at: string }) {
  const now = useSyncExternalStore(subscribe, clientNow, serverNow);
  const time = Date.parse(at);
  const exact = `${absolute.format(time)} UTC`;
  return (
    <time dateTime={at} title={`Fetched ${exact}`} data-updated-at>
      Updated {now === null ? exact : describeAge(time, now)}
    </time>
  );
}
