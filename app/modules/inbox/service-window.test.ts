import { describe, expect, it } from "vitest";
import { describeTimeLeft, serviceWindow } from "./service-window";

const inbound = new Date("2026-12-01T10:00:00Z");
const at = (iso: string) => new Date(iso);

describe("serviceWindow", () => {
  it("is closed when the contact never wrote", () => {
    expect(serviceWindow(null, inbound)).toEqual({ state: "closed", closedAt: null });
  });

  it("is open for 24 hours after the last inbound message", () => {
    expect(serviceWindow(inbound, at("2026-12-01T10:00:00Z"))).toEqual({ state: "open", closesAt: at("2026-12-02T10:00:00Z"), remainingMs: 24 * 3_600_000 });
    expect(serviceWindow(inbound, at("2026-12-02T08:59:59Z"))).toMatchObject({ state: "open" });
  });

  it("is closing in its last hour", () => {
    expect(serviceWindow(inbound, at("2026-12-02T09:00:00Z"))).toMatchObject({ state: "closing", remainingMs: 3_600_000 });
    expect(serviceWindow(inbound, at("2026-12-02T09:59:59.999Z"))).toMatchObject({ state: "closing", remainingMs: 1 });
  });

  it("is closed from the 24th hour on", () => {
    expect(serviceWindow(inbound, at("2026-12-02T10:00:00Z"))).toEqual({ state: "closed", closedAt: at("2026-12-02T10:00:00Z") });
    expect(serviceWindow(inbound, at("2026-12-09T10:00:00Z"))).toMatchObject({ state: "closed" });
  });

  it("re-opens with a new inbound message", () => {
    const now = at("2026-12-03T12:00:00Z");
    expect(serviceWindow(inbound, now).state).toBe("closed");
    expect(serviceWindow(at("2026-12-03T11:30:00Z"), now)).toMatchObject({ state: "open", closesAt: at("2026-12-04T11:30:00Z") });
  });
});

describe("describeTimeLeft", () => {
  it("says hours and minutes, then minutes, then less than a minute", () => {
    expect(describeTimeLeft(23 * 3_600_000 + 5 * 60_000 + 30_000)).toBe("23 h 5 min left");
    expect(describeTimeLeft(12 * 60_000)).toBe("12 min left");
    expect(describeTimeLeft(59_000)).toBe("less than a minute left");
  });
});
