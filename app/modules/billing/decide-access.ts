// The access rule every route, job and script goes through: what a workspace may do given its
// subscription, its trial and the time. Pure, so every status and date is covered by unit tests.
import { formatDate } from "~/lib/dates";
import { findPlan, trialLimits, type BillingInterval, type Plan, type PlanLimits } from "./plans";

export const subscriptionStatuses = [
  "incomplete",
  "incomplete_expired",
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "paused",
] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/** Statuses of a subscription that still exists at Stripe and is changed in the portal, never replaced through a new checkout. */
export function isLiveSubscription(status: SubscriptionStatus): boolean {
  return status === "active" || status === "trialing" || status === "past_due" || status === "unpaid" || status === "paused";
}

/** The workspace's current subscription as mirrored from Stripe. */
export interface SubscriptionSnapshot {
  status: SubscriptionStatus;
  planKey: string | null;
  interval: BillingInterval | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  /** When the money became due: the oldest open invoice of a past_due subscription. */
  pastDueSince: Date | null;
}

export interface AccessInput {
  subscription: SubscriptionSnapshot | null;
  /** The workspace's own free trial, given at signup. */
  trialEndsAt: Date;
  now: Date;
  graceDays: number;
}

export type AccessState = "trial" | "trialing" | "active" | "grace" | "locked";

export interface AccessDecision {
  state: AccessState;
  /** Full use of the workspace, sending included; when false only billing and settings remain. */
  allowed: boolean;
  /** Why, in words shown to the user. */
  reason: string;
  /** Shown on every workspace page while it applies. */
  banner: string | null;
  plan: Plan | null;
  limits: PlanLimits;
  /** How the limits are named in messages: "Growth plan", "free trial". */
  allowanceName: string;
  graceEndsAt: Date | null;
}

const dayMs = 86_400_000;

function onTrial(input: AccessInput): AccessDecision {
  if (input.now < input.trialEndsAt) {
    return { state: "trial", allowed: true, reason: `Free trial until ${formatDate(input.trialEndsAt, "longDate")}`, banner: null, ...allowance(null), graceEndsAt: null };
  }
  return locked(`The free trial ended on ${formatDate(input.trialEndsAt, "longDate")}. Choose a plan to keep using the workspace.`, null);
}

function locked(reason: string, plan: Plan | null): AccessDecision {
  return { state: "locked", allowed: false, reason, banner: reason, ...allowance(plan), graceEndsAt: null };
}

/** A subscription on a price missing from the plan config gets the trial's limits until the config names it. */
function allowance(plan: Plan | null, unnamed = "free trial"): Pick<AccessDecision, "plan" | "limits" | "allowanceName"> {
  return plan ? { plan, limits: plan.limits, allowanceName: `${plan.name} plan` } : { plan: null, limits: trialLimits, allowanceName: unnamed };
}

export function decideAccess(input: AccessInput): AccessDecision {
  const { subscription, now } = input;
  // A subscription whose first payment is still pending has not replaced the trial yet.
  if (!subscription || subscription.status === "incomplete") return onTrial(input);
  const plan = subscription.planKey ? (findPlan(subscription.planKey) ?? null) : null;
  const planName = plan ? `${plan.name} plan` : "subscription";
  switch (subscription.status) {
    case "active":
      return { state: "active", allowed: true, reason: `${plan?.name ?? "Your"} plan is active`, banner: null, ...allowance(plan, "current plan"), graceEndsAt: null };
    case "trialing":
      return {
        state: "trialing",
        allowed: true,
        reason: subscription.trialEnd ? `${plan?.name ?? "Your"} plan trial until ${formatDate(subscription.trialEnd, "longDate")}` : `${plan?.name ?? "Your"} plan trial`,
        banner: null,
        ...allowance(plan, "current plan"),
        graceEndsAt: null,
      };
    case "past_due": {
      const since = subscription.pastDueSince ?? now;
      const graceEndsAt = new Date(since.getTime() + input.graceDays * dayMs);
      if (now < graceEndsAt) {
        const banner = `Your last payment for the ${planName} failed. Update your payment method before ${formatDate(graceEndsAt, "longDate")} to keep using the workspace.`;
        return { state: "grace", allowed: true, reason: banner, banner, ...allowance(plan, "current plan"), graceEndsAt };
      }
      return { ...locked(`Payment for the ${planName} is overdue since ${formatDate(since, "longDate")}. Update your payment method to unlock the workspace.`, plan), graceEndsAt };
    }
    case "unpaid":
      return locked(`The ${planName} is unpaid. Update your payment method to unlock the workspace.`, plan);
    case "canceled":
      return locked(`The ${planName} was canceled. Choose a plan to keep using the workspace.`, plan);
    case "incomplete_expired":
      return locked(`The first payment for the ${planName} did not go through. Choose a plan to keep using the workspace.`, plan);
    case "paused":
      return locked(`The ${planName} is paused. Resume it to keep using the workspace.`, plan);
  }
}
