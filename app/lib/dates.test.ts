import { describe, expect, it } from "vitest";
import { wallClockToInstant } from "./dates";

describe("wallClockToInstant", () => {
  it("reads a wall-clock time in the workspace's zone", () => {
    expect(wallClockToInstant("2026-12-24T09:30", "Asia/Muscat")?.toISOString()).toBe("2026-12-24T05:30:00.000Z");
    expect(wallClockToInstant("2026-12-24T09:30", "UTC")?.toISOString()).toBe("2026-12-24T09:30:00.000Z");
    expect(wallClockToInstant("2026-07-01T12:00", "Europe/London")?.toISOString()).toBe("2026-07-01T11:00:00.000Z");
    expect(wallClockToInstant("2026-01-15T12:00", "America/New_York")?.toISOString()).toBe("2026-01-15T17:00:00.000Z");
  });

  it("refuses text that is not a date and time", () => {
    expect(wallClockToInstant("tomorrow", "UTC")).toBeNull();
    expect(wallClockToInstant("", "UTC")).toBeNull();
  });
});
