import { describe, expect, it } from "vitest";
import { describeSchedule } from "@/lib/digest/cron";

// What mail and page copy say about DIGEST_CRON.
const words = (cron: string, timeZone = "UTC") => describeSchedule({ cron, timeZone });

describe("describeSchedule", () => {
  it("reads the default as weekdays at eight, the weekly digest on Mondays", () => {
    expect(words("0 8 * * 1-5")).toEqual({ daily: "every weekday", weekly: "every Monday", at: "08:00 UTC" });
    expect(words("0 8 * * MON-FRI")).toEqual(words("0 8 * * 1,2,3,4,5"));
  });

  it("follows other schedules", () => {
    expect(words("30 6 * * *", "Europe/Paris")).toEqual({
      daily: "every day",
      weekly: "every Monday",
      at: "06:30 Europe/Paris",
    });
    expect(words("0 7 * * 2,4")).toEqual({
      daily: "on Tuesdays and Thursdays",
      weekly: "every Tuesday",
      at: "07:00 UTC",
    });
    expect(words("0 9 * * 0")).toMatchObject({ daily: "every Sunday", weekly: "every Sunday" });
    expect(words("0 9 * * 6,7")).toMatchObject({
      daily: "on Saturdays and Sundays",
      weekly: "every Saturday",
    });
    expect(words("0 */6 * * 1-5")).toMatchObject({ daily: "every weekday", at: null });
    expect(words("0 8 1,15 * *")).toEqual({
      daily: "on the days the schedule names",
      weekly: "once a week",
      at: "08:00 UTC",
    });
  });
});
