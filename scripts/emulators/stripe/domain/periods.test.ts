// Billing periods counted from the anchor in UTC, as Stripe counts them.
import { describe, expect, it } from "vitest";
import { addIntervals, nextPeriodEnd } from "./periods";

const at = (iso: string) => Date.parse(iso) / 1000;

describe("billing periods", () => {
  it("ends a month on the anchor's day, or on the last day of a shorter month", () => {
    const anchor = at("2026-01-31T10:00:00Z");
    expect(addIntervals(anchor, "month", 1)).toBe(at("2026-02-28T10:00:00Z"));
    expect(addIntervals(anchor, "month", 2)).toBe(at("2026-03-31T10:00:00Z"));
    expect(addIntervals(at("2028-02-29T00:00:00Z"), "year", 1)).toBe(at("2029-02-28T00:00:00Z"));
  });

  it("counts days and weeks in whole days", () => {
    expect(addIntervals(at("2026-03-01T00:00:00Z"), "week", 2)).toBe(at("2026-03-15T00:00:00Z"));
    expect(addIntervals(at("2026-03-01T00:00:00Z"), "day", 1)).toBe(at("2026-03-02T00:00:00Z"));
  });

  it("finds the first boundary after a moment, counted from the anchor so no period drifts", () => {
    const anchor = at("2026-01-31T00:00:00Z");
    expect(nextPeriodEnd(anchor, at("2026-02-28T00:00:00Z"), "month", 1)).toBe(at("2026-03-31T00:00:00Z"));
    expect(nextPeriodEnd(anchor, at("2026-04-01T00:00:00Z"), "month", 1)).toBe(at("2026-04-30T00:00:00Z"));
    expect(nextPeriodEnd(anchor, at("2026-02-01T00:00:00Z"), "month", 3)).toBe(at("2026-04-30T00:00:00Z"));
  });
});
