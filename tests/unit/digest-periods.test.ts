import { describe, expect, it } from "vitest";
import { clientIpOf } from "@/lib/auth/client-ip";
import { assertValidCron, firstTickOnOrAfter, latestTick } from "@/lib/digest/cron";
import {
  archivePath,
  dailyPeriod,
  lastCompletedWeek,
  localDateIn,
  parseDigestKey,
  parseDigestSlug,
  weeklyPeriodOf,
} from "@/lib/digest/periods";
import type { IsoDate } from "@/lib/papers/dates";

describe("digest periods", () => {
  it("keys a day and an ISO week, and reads them back", () => {
    expect(dailyPeriod("2026-03-31" as IsoDate)).toMatchObject({
      key: "daily:2026-03-31",
      slug: "2026-03-31",
      start: "2026-03-31",
      end: "2026-03-31",
    });
    expect(weeklyPeriodOf("2026-04-01" as IsoDate)).toMatchObject({
      key: "weekly:2026-W14",
      start: "2026-03-30",
      end: "2026-04-05",
    });
    expect(parseDigestKey("weekly:2026-W14")).toEqual(weeklyPeriodOf("2026-03-30" as IsoDate));
    expect(parseDigestKey("daily:2026-02-30")).toBeNull();
    expect(parseDigestKey("monthly:2026-03")).toBeNull();
    expect(parseDigestSlug("weekly", "2026-W54")).toBeNull();
    expect(archivePath(weeklyPeriodOf("2026-03-30" as IsoDate))).toBe("/digest/weekly/2026-W14");
  });

  it("sends on a Monday the week before, across a year end", () => {
    expect(lastCompletedWeek("2026-03-30" as IsoDate).key).toBe("weekly:2026-W13");
    expect(lastCompletedWeek("2027-01-04" as IsoDate).key).toBe("weekly:2026-W53");
  });

  it("reads the calendar day in the digest's time zone", () => {
    const instant = new Date("2026-03-31T23:30:00Z");
    expect(localDateIn(instant, "UTC")).toBe("2026-03-31");
    expect(localDateIn(instant, "Europe/Paris")).toBe("2026-04-01");
    expect(localDateIn(instant, "America/Los_Angeles")).toBe("2026-03-31");
  });
});

describe("cron ticks (pg-boss's parser)", () => {
  const weekdays8 = { cron: "0 8 * * 1-5", timeZone: "UTC" };

  it("finds the latest tick, skipping the weekend", () => {
    expect(latestTick(weekdays8, new Date("2026-03-31T09:15:00Z"))).toEqual(new Date("2026-03-31T08:00:00Z"));
    expect(latestTick(weekdays8, new Date("2026-03-31T08:00:00Z"))).toEqual(new Date("2026-03-31T08:00:00Z"));
    expect(latestTick(weekdays8, new Date("2026-03-30T07:00:00Z"))).toEqual(new Date("2026-03-27T08:00:00Z")); // Monday before 8: Friday's
  });

  it("in the configured zone", () => {
    const paris = { cron: "0 8 * * *", timeZone: "Europe/Paris" };
    expect(latestTick(paris, new Date("2026-03-31T12:00:00Z"))).toEqual(new Date("2026-03-31T06:00:00Z")); // 08:00 CEST
    expect(firstTickOnOrAfter(paris, "2026-03-30" as IsoDate, new Date("2026-04-05T00:00:00Z"))).toEqual(
      new Date("2026-03-30T06:00:00Z"),
    );
  });

  it("finds the first tick of a local day or week, or none before a limit", () => {
    const hourly = { cron: "0 * * * *", timeZone: "UTC" };
    expect(firstTickOnOrAfter(hourly, "2026-03-31" as IsoDate, new Date("2026-03-31T05:30:00Z"))).toEqual(
      new Date("2026-03-31T00:00:00Z"),
    );
    expect(
      firstTickOnOrAfter(weekdays8, "2026-03-28" as IsoDate, new Date("2026-03-29T23:00:00Z")),
    ).toBeNull(); // a weekend
    expect(firstTickOnOrAfter(weekdays8, "2026-03-28" as IsoDate, new Date("2026-04-01T00:00:00Z"))).toEqual(
      new Date("2026-03-30T08:00:00Z"),
    );
  });

  it("finds the first tick of a day long past at once, for a schedule every minute, in any zone", () => {
    const everyMinute = (timeZone: string) => ({ cron: "* * * * *", timeZone });
    const until = new Date("2026-12-01T12:00:00Z");
    // Days back: the walk that preceded this gave up after 2,000 minutes and returned nothing.
    expect(firstTickOnOrAfter(everyMinute("UTC"), "2026-11-27" as IsoDate, until)).toEqual(
      new Date("2026-11-27T00:00:00Z"),
    );
    expect(firstTickOnOrAfter(everyMinute("Asia/Kolkata"), "2026-11-27" as IsoDate, until)).toEqual(
      new Date("2026-11-26T18:30:00Z"),
    );
    // Santiago skips midnight when summer time begins (2026-09-06 starts at 01:00, UTC-3).
    expect(firstTickOnOrAfter(everyMinute("America/Santiago"), "2026-09-06" as IsoDate, until)).toEqual(
      new Date("2026-09-06T04:00:00Z"),
    );
    expect(
      firstTickOnOrAfter({ cron: "0 8 * * 1", timeZone: "America/New_York" }, "2026-03-07" as IsoDate, until),
    ).toEqual(new Date("2026-03-09T12:00:00Z")); // the Monday after the clocks moved: 08:00 EDT
  });

  it("refuses an expression pg-boss would refuse", () => {
    expect(() => assertValidCron({ cron: "61 8 * * *", timeZone: "UTC" })).toThrow(
      /DIGEST_CRON "61 8 \* \* \*" is not a valid cron expression/,
    );
    expect(() => assertValidCron(weekdays8)).not.toThrow();
  });
});

describe("small parsers", () => {
  it("takes the client address from the nearest proxy, not from the client's own say", () => {
    expect(clientIpOf(new Headers({ "x-forwarded-for": "1.2.3.4, 10.0.0.7" }))).toBe("10.0.0.7");
    expect(clientIpOf(new Headers({ "x-real-ip": "10.0.0.8" }))).toBe("10.0.0.8");
    expect(clientIpOf(new Headers())).toBe("unknown");
  });
});
