import { describe, expect, it } from "vitest";
import { decideAccess } from "./decide-access";
import { describeBillingNotice } from "./describe-billing-notice";

const now = new Date("2026-11-15T12:00:00Z");
const billingPath = "/w/acme/settings/billing";

describe("describeBillingNotice", () => {
  it("counts the trial's days left, rounding a part day up, and shows no banner", () => {
    const trialEndsAt = new Date("2026-11-20T00:00:00Z");
    const decision = decideAccess({ subscription: null, trialEndsAt, now, graceDays: 7 });
    expect(describeBillingNotice(decision, trialEndsAt, billingPath, now)).toEqual({ banner: null, trialDaysLeft: 5, billingPath });
  });

  it("shows the lock's reason once the trial is over, without a day count", () => {
    const trialEndsAt = new Date("2026-11-01T00:00:00Z");
    const decision = decideAccess({ subscription: null, trialEndsAt, now, graceDays: 7 });
    expect(describeBillingNotice(decision, trialEndsAt, billingPath, now)).toEqual({
      banner: "The free trial ended on 1 November 2026. Choose a plan to keep using the workspace.",
      trialDaysLeft: null,
      billingPath,
    });
  });

  it("says nothing about the workspace trial once a plan is active", () => {
    const trialEndsAt = new Date("2026-11-20T00:00:00Z");
    const decision = decideAccess({
      subscription: { status: "active", planKey: "starter", interval: "month", currentPeriodEnd: null, cancelAtPeriodEnd: false, trialEnd: null, pastDueSince: null },
      trialEndsAt,
      now,
      graceDays: 7,
    });
    expect(describeBillingNotice(decision, trialEndsAt, billingPath, now)).toEqual({ banner: null, trialDaysLeft: null, billingPath });
  });
});
