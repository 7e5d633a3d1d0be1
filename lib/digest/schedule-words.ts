import "server-only";
import { getEnv } from "@/lib/env";
import { describeSchedule, type ScheduleWords } from "./cron";

/** DIGEST_CRON in words, for every page and mail that says when the digest comes. */
export function digestScheduleWords(): ScheduleWords {
  const env = getEnv();
  return describeSchedule({ cron: env.DIGEST_CRON, timeZone: env.DIGEST_TIMEZONE });
}

export type { ScheduleWords };
