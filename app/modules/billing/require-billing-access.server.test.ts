import { describe, expect, it } from "vitest";
import { isOpenWhileLocked } from "./require-billing-access.server";

describe("isOpenWhileLocked", () => {
  it("keeps the workspace's settings, billing among them, and nothing else", () => {
    expect(isOpenWhileLocked("/w/acme/settings/billing", "acme")).toBe(true);
    expect(isOpenWhileLocked("/w/acme/settings/billing/receipts/in_1", "acme")).toBe(true);
    expect(isOpenWhileLocked("/w/acme/settings", "acme")).toBe(true);
    expect(isOpenWhileLocked("/w/acme", "acme")).toBe(false);
    expect(isOpenWhileLocked("/w/acme/campaigns", "acme")).toBe(false);
    expect(isOpenWhileLocked("/w/acme/settingsx", "acme")).toBe(false);
    expect(isOpenWhileLocked("/w/other/settings/billing", "acme")).toBe(false);
  });
});
