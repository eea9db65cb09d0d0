import { describe, expect, it } from "vitest";
import { retryMinutes } from "./throttle.server";

describe("retryMinutes", () => {
  const now = new Date("2026-11-25T10:00:00Z");

  it("counts whole minutes until the oldest failure leaves the 15-minute window", () => {
    expect(retryMinutes(new Date("2026-11-25T09:50:30Z"), now)).toBe(6);
    expect(retryMinutes(now, now)).toBe(15);
  });

  it("never says zero minutes", () => {
    expect(retryMinutes(new Date("2026-11-25T09:45:00Z"), now)).toBe(1);
  });
});
