import { describe, expect, it } from "vitest";
import { canMove, deletionStatuses } from "./status";

describe("the deletion status machine", () => {
  it.each([
    ["unverified", "pending_review"],
    ["pending_review", "approved"],
    ["pending_review", "denied"],
    ["approved", "in_progress"],
    ["in_progress", "completed"],
  ] as const)("moves %s → %s", (from, to) => {
    expect(canMove(from, to)).toBe(true);
  });

  it("never moves backwards, skips a step, or leaves a final status", () => {
    const allowed = new Set(["unverified>pending_review", "pending_review>approved", "pending_review>denied", "approved>in_progress", "in_progress>completed"]);
    for (const from of deletionStatuses) {
      for (const to of deletionStatuses) {
        expect(canMove(from, to)).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it("a denied request can never be executed", () => {
    expect(canMove("denied", "in_progress")).toBe(false);
    expect(canMove("denied", "approved")).toBe(false);
  });
});
