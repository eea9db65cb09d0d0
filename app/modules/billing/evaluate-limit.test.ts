import { describe, expect, it } from "vitest";
import { evaluateLimit } from "./evaluate-limit";

const limits = { messagesPerMonth: 20_000, phoneNumbers: 3, seats: 10 };
const upgradeUrl = "/w/acme/settings/billing";

describe("evaluateLimit", () => {
  it("allows additions up to the limit exactly", () => {
    expect(evaluateLimit({ limits, allowanceName: "Growth plan", limit: "seats", used: 9, adding: 1, upgradeUrl })).toEqual({ ok: true, limit: 10, used: 9, remaining: 0 });
  });

  it("refuses the seat past the limit with a message and the upgrade link", () => {
    expect(evaluateLimit({ limits, allowanceName: "Growth plan", limit: "seats", used: 10, adding: 1, upgradeUrl })).toEqual({
      ok: false,
      limit: 10,
      used: 10,
      remaining: 0,
      message: "Your Growth plan includes 10 seats (10 in use). Upgrade your plan to add more.",
      upgradeUrl,
    });
  });

  it("says how many messages remain when a launch asks for more", () => {
    const check = evaluateLimit({ limits, allowanceName: "Growth plan", limit: "messagesPerMonth", used: 19_000, adding: 1_500, upgradeUrl });
    expect(check).toMatchObject({ ok: false, remaining: 1_000 });
    expect(!check.ok && check.message).toBe(
      "Your Growth plan includes 20,000 messages (19,000 sent this month). You asked for 1,500 more; 1,000 remain. Upgrade your plan to add more.",
    );
  });

  it("names a single number in the singular and reports usage already over the limit after a downgrade", () => {
    const check = evaluateLimit({ limits: { ...limits, phoneNumbers: 1 }, allowanceName: "free trial", limit: "phoneNumbers", used: 2, adding: 1, upgradeUrl });
    expect(!check.ok && check.message).toBe("Your free trial includes 1 WhatsApp number (2 in use). Upgrade your plan to add more.");
  });
});
