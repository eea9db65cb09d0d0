import { describe, expect, it } from "vitest";
import { computeStatementFigures, type LedgerEntry } from "./compute-statement-figures";

const october = { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z") };

function entry(kind: LedgerEntry["kind"], amount: number, at: string, currency = "usd"): LedgerEntry {
  return { kind, amount, currency, at: new Date(at) };
}

describe("computeStatementFigures", () => {
  it("carries what was owed before the month into the opening balance and adds the month's invoices less its payments", () => {
    const figures = computeStatementFigures(
      [
        entry("invoice", 4_900, "2026-09-01T00:00:00Z"),
        entry("payment", 4_900, "2026-09-01T01:00:00Z"),
        entry("invoice", 4_900, "2026-09-20T00:00:00Z"),
        entry("invoice", 4_900, "2026-10-01T00:00:00Z"),
        entry("payment", 4_900, "2026-10-02T00:00:00Z"),
        entry("invoice", 1_250, "2026-10-31T23:59:59Z"),
      ],
      october,
    );
    expect(figures).toEqual([{ currency: "usd", opening: 4_900, invoiced: 6_150, paid: 4_900, refunded: 0, closing: 6_150 }]);
  });

  it("reports refunds without changing the balance, and ignores anything after the month", () => {
    const figures = computeStatementFigures(
      [
        entry("invoice", 14_900, "2026-10-05T00:00:00Z"),
        entry("payment", 14_900, "2026-10-05T00:00:10Z"),
        entry("refund", 5_000, "2026-10-20T00:00:00Z"),
        entry("refund", 2_000, "2026-09-20T00:00:00Z"),
        entry("invoice", 14_900, "2026-11-01T00:00:00Z"),
      ],
      october,
    );
    expect(figures).toEqual([{ currency: "usd", opening: 0, invoiced: 14_900, paid: 14_900, refunded: 5_000, closing: 0 }]);
  });

  it("keeps currencies apart and lists them in order", () => {
    const figures = computeStatementFigures([entry("invoice", 100, "2026-10-03T00:00:00Z", "usd"), entry("invoice", 5_000, "2026-10-03T00:00:00Z", "omr")], october);
    expect(figures.map((f) => [f.currency, f.closing])).toEqual([["omr", 5_000], ["usd", 100]]);
  });

  it("has no figures for a workspace without any billing history", () => {
    expect(computeStatementFigures([], october)).toEqual([]);
  });

  it("stays exact in integer minor units over a thousand entries", () => {
    const entries = Array.from({ length: 1_000 }, (_, index) => entry(index % 2 ? "payment" : "invoice", 1_999, `2026-10-${String(1 + (index % 28)).padStart(2, "0")}T10:00:00Z`));
    expect(computeStatementFigures(entries, october)).toEqual([{ currency: "usd", opening: 0, invoiced: 999_500, paid: 999_500, refunded: 0, closing: 0 }]);
  });
});
