import { describe, expect, it } from "vitest";
import { decideAccess, subscriptionStatuses, type SubscriptionSnapshot, type SubscriptionStatus } from "./decide-access";
import { findPlan, trialLimits } from "./plans";

const now = new Date("2026-11-15T12:00:00Z");
const day = 86_400_000;
const trialRunning = new Date(now.getTime() + 3 * day);
const trialOver = new Date(now.getTime() - 1);

function subscription(status: SubscriptionStatus, changes: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot {
  return {
    status,
    planKey: "growth",
    interval: "month",
    currentPeriodEnd: new Date(now.getTime() + 20 * day),
    cancelAtPeriodEnd: false,
    trialEnd: null,
    pastDueSince: null,
    ...changes,
  };
}

const growth = findPlan("growth")!;

describe("decideAccess without a subscription", () => {
  it("gives full use with the trial's limits while the workspace trial runs", () => {
    const decision = decideAccess({ subscription: null, trialEndsAt: trialRunning, now, graceDays: 7 });
    expect(decision).toMatchObject({ state: "trial", allowed: true, banner: null, plan: null, limits: trialLimits, allowanceName: "free trial" });
    expect(decision.reason).toBe("Free trial until 18 November 2026");
  });

  it("locks the workspace from the moment the trial ends", () => {
    const atEnd = decideAccess({ subscription: null, trialEndsAt: now, now, graceDays: 7 });
    expect(atEnd).toMatchObject({ state: "locked", allowed: false });
    expect(atEnd.banner).toBe("The free trial ended on 15 November 2026. Choose a plan to keep using the workspace.");
    expect(decideAccess({ subscription: null, trialEndsAt: trialOver, now, graceDays: 7 }).allowed).toBe(false);
  });

  it("treats a subscription whose first payment is pending (incomplete) as not yet replacing the trial", () => {
    expect(decideAccess({ subscription: subscription("incomplete"), trialEndsAt: trialRunning, now, graceDays: 7 }).state).toBe("trial");
    expect(decideAccess({ subscription: subscription("incomplete"), trialEndsAt: trialOver, now, graceDays: 7 }).state).toBe("locked");
  });
});

describe("decideAccess with a subscription", () => {
  it("gives full use with the plan's limits when active or trialing, whatever the workspace trial says", () => {
    for (const status of ["active", "trialing"] as const) {
      const decision = decideAccess({ subscription: subscription(status, { trialEnd: new Date("2026-12-01T00:00:00Z") }), trialEndsAt: trialOver, now, graceDays: 7 });
      expect(decision).toMatchObject({ state: status, allowed: true, banner: null, plan: growth, limits: growth.limits, allowanceName: "Growth plan" });
    }
    expect(decideAccess({ subscription: subscription("trialing", { trialEnd: new Date("2026-12-01T00:00:00Z") }), trialEndsAt: trialOver, now, graceDays: 7 }).reason).toBe(
      "Growth plan trial until 1 December 2026",
    );
  });

  it("keeps full use while cancellation is scheduled for the period end", () => {
    expect(decideAccess({ subscription: subscription("active", { cancelAtPeriodEnd: true }), trialEndsAt: trialOver, now, graceDays: 7 }).allowed).toBe(true);
  });

  it("gives a past_due workspace the grace period with a banner, then locks it", () => {
    const pastDueSince = new Date(now.getTime() - 6 * day);
    const inGrace = decideAccess({ subscription: subscription("past_due", { pastDueSince }), trialEndsAt: trialOver, now, graceDays: 7 });
    expect(inGrace).toMatchObject({ state: "grace", allowed: true, limits: growth.limits, graceEndsAt: new Date(pastDueSince.getTime() + 7 * day) });
    expect(inGrace.banner).toBe("Your last payment for the Growth plan failed. Update your payment method before 16 November 2026 to keep using the workspace.");

    const atDeadline = decideAccess({ subscription: subscription("past_due", { pastDueSince: new Date(now.getTime() - 7 * day) }), trialEndsAt: trialOver, now, graceDays: 7 });
    expect(atDeadline).toMatchObject({ state: "locked", allowed: false, graceEndsAt: now });
    expect(atDeadline.reason).toBe("Payment for the Growth plan is overdue since 8 November 2026. Update your payment method to unlock the workspace.");
  });

  it("follows the configured grace length, including none", () => {
    const pastDueSince = new Date(now.getTime() - 2 * day);
    expect(decideAccess({ subscription: subscription("past_due", { pastDueSince }), trialEndsAt: trialOver, now, graceDays: 3 }).allowed).toBe(true);
    expect(decideAccess({ subscription: subscription("past_due", { pastDueSince }), trialEndsAt: trialOver, now, graceDays: 1 }).allowed).toBe(false);
    expect(decideAccess({ subscription: subscription("past_due", { pastDueSince: now }), trialEndsAt: trialOver, now, graceDays: 0 }).allowed).toBe(false);
  });

  it("starts the grace now when the unpaid invoice's date is not known yet", () => {
    const decision = decideAccess({ subscription: subscription("past_due"), trialEndsAt: trialOver, now, graceDays: 7 });
    expect(decision).toMatchObject({ state: "grace", graceEndsAt: new Date(now.getTime() + 7 * day) });
  });

  it.each([
    ["unpaid", "The Growth plan is unpaid. Update your payment method to unlock the workspace."],
    ["canceled", "The Growth plan was canceled. Choose a plan to keep using the workspace."],
    ["incomplete_expired", "The first payment for the Growth plan did not go through. Choose a plan to keep using the workspace."],
    ["paused", "The Growth plan is paused. Resume it to keep using the workspace."],
  ] as const)("locks a %s workspace even while its own trial runs", (status, reason) => {
    const decision = decideAccess({ subscription: subscription(status), trialEndsAt: trialRunning, now, graceDays: 7 });
    expect(decision).toMatchObject({ state: "locked", allowed: false, reason, banner: reason, plan: growth });
  });

  it("covers every Stripe subscription status", () => {
    const allowed = Object.fromEntries(
      subscriptionStatuses.map((status) => [status, decideAccess({ subscription: subscription(status), trialEndsAt: trialOver, now, graceDays: 7 }).allowed]),
    );
    expect(allowed).toEqual({
      incomplete: false,
      incomplete_expired: false,
      trialing: true,
      active: true,
      past_due: true,
      canceled: false,
      unpaid: false,
      paused: false,
    });
  });

  it("gives a subscription on a price missing from the config the trial's limits", () => {
    const decision = decideAccess({ subscription: subscription("active", { planKey: "legacy" }), trialEndsAt: trialOver, now, graceDays: 7 });
    expect(decision).toMatchObject({ allowed: true, plan: null, limits: trialLimits, allowanceName: "current plan", reason: "Your plan is active" });
  });
});
