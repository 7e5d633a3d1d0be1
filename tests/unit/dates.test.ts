import { describe, expect, it } from "vitest";
import {
  addDays,
  formatIsoWeek,
  formatWeekRange,
  isoWeekOf,
  isoWeekRange,
  isoWeeksInYear,
  monthRange,
  parseIsoDate,
  parseIsoWeek,
  parseYearMonth,
  type IsoDate,
} from "@/lib/papers/dates";

const d = (s: string) => s as IsoDate;

describe("calendar days", () => {
  it("accepts real days and refuses the rest", () => {
    expect(parseIsoDate("2024-02-29")).toBe("2024-02-29");
    expect(parseIsoDate("2025-02-29")).toBeNull();
    expect(parseIsoDate("2025-02-30")).toBeNull();
    expect(parseIsoDate("2025-13-01")).toBeNull();
    expect(parseIsoDate("2025-04-31")).toBeNull();
    expect(parseIsoDate("2025-1-01")).toBeNull();
    expect(parseIsoDate("abc")).toBeNull();
    expect(parseIsoDate("2025-01-01T00:00:00Z")).toBeNull();
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays(d("2024-02-28"), 1)).toBe("2024-02-29");
    expect(addDays(d("2025-02-28"), 1)).toBe("2025-03-01");
    expect(addDays(d("2025-12-31"), 1)).toBe("2026-01-01");
    expect(addDays(d("2026-01-01"), -1)).toBe("2025-12-31");
  });
});

describe("ISO weeks", () => {
  it("puts days at the turn of the year in the right week-year", () => {
    expect(isoWeekOf(d("2024-12-30"))).toEqual({ year: 2025, week: 1 }); // Monday of 2025-W01
    expect(isoWeekOf(d("2021-01-03"))).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf(d("2026-03-31"))).toEqual({ year: 2026, week: 14 });
    expect(isoWeekOf(d("2027-01-01"))).toEqual({ year: 2026, week: 53 });
  });

  it("knows which years have 53 weeks", () => {
    expect(isoWeeksInYear(2020)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeeksInYear(2026)).toBe(53);
  });

  it("parses only weeks the year has", () => {
    expect(parseIsoWeek("2025-W01")).toEqual({ year: 2025, week: 1 });
    expect(parseIsoWeek("2026-W53")).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeek("2025-W53")).toBeNull();
    expect(parseIsoWeek("2025-W54")).toBeNull();
    expect(parseIsoWeek("2025-W00")).toBeNull();
    expect(parseIsoWeek("2025-w01")).toBeNull();
  });

  it("spans Monday to Sunday, and round-trips", () => {
    expect(isoWeekRange({ year: 2025, week: 1 })).toEqual({ start: "2024-12-30", end: "2025-01-05" });
    expect(isoWeekRange({ year: 2020, week: 53 })).toEqual({ start: "2020-12-28", end: "2021-01-03" });
    for (let day = d("2019-12-20"); day < "2027-01-10"; day = addDays(day, 1)) {
      const week = isoWeekOf(day);
      const { start, end } = isoWeekRange(week);
      expect(day >= start && day <= end, `${day} in ${formatIsoWeek(week)}`).toBe(true);
    }
  });
});

describe("months", () => {
  it("parses and spans months", () => {
    expect(parseYearMonth("2024-02")).toEqual({ year: 2024, month: 2 });
    expect(parseYearMonth("2024-13")).toBeNull();
    expect(monthRange({ year: 2024, month: 2 })).toEqual({ start: "2024-02-01", end: "2024-02-29" });
    expect(monthRange({ year: 2025, month: 12 })).toEqual({ start: "2025-12-01", end: "2025-12-31" });
  });
});

describe("week labels", () => {
  it("name the days, saying the month and year once where they repeat", () => {
    expect(formatWeekRange({ year: 2026, week: 33 })).toBe("Aug 10 – 16, 2026");
    expect(formatWeekRange({ year: 2026, week: 31 })).toBe("Jul 27 – Aug 2, 2026");
    expect(formatWeekRange({ year: 2026, week: 53 })).toBe("Dec 28, 2026 – Jan 3, 2027");
  });
});
