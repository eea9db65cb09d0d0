import { describe, expect, it } from "vitest";
import { timeOrderedUuid } from "./time-ordered-uuid";

describe("timeOrderedUuid", () => {
  it("makes version 7 UUIDs that sort in the order they were made, even thousands within a millisecond", () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, () => timeOrderedUuid());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    const millis = Number.parseInt(ids[0]!.replace(/-/g, "").slice(0, 12), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThan(before + 60_000);
  });
});
