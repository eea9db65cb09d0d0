import { describe, expect, it } from "vitest";
import { isPastMonth, pastMonths, previousMonth, statementPeriod, StatementMonth } from "./statement-month";

describe("statement months", () => {
  it("cover the whole month in UTC, December included", () => {
    expect(statementPeriod("2026-12")).toEqual({ month: "2026-12", start: new Date("2026-12-01T00:00:00Z"), end: new Date("2027-01-01T00:00:00Z") });
  });

  it("refuse what is not a month", () => {
    for (const value of ["2026-13", "2026-1", "26-01", "1999-12", "2026-10-01"]) expect(StatementMonth.safeParse(value).success).toBe(false);
  });

  it("name the previous month across a year boundary", () => {
    expect(previousMonth(new Date("2027-01-01T03:00:00Z"))).toBe("2026-12");
  });

  it("are past only once their last instant has gone", () => {
    expect(isPastMonth("2026-11", new Date("2026-11-30T23:59:59Z"))).toBe(false);
    expect(isPastMonth("2026-11", new Date("2026-12-01T00:00:00Z"))).toBe(true);
  });

  it("list the past months since a workspace began, newest first", () => {
    expect(pastMonths(new Date("2026-09-20T00:00:00Z"), new Date("2026-12-05T00:00:00Z"), 24)).toEqual(["2026-11", "2026-10", "2026-09"]);
    expect(pastMonths(new Date("2026-12-01T00:00:00Z"), new Date("2026-12-05T00:00:00Z"), 24)).toEqual([]);
    expect(pastMonths(new Date("2020-01-01T00:00:00Z"), new Date("2026-12-05T00:00:00Z"), 2)).toEqual(["2026-11", "2026-10"]);
  });
});
