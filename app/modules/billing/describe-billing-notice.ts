// What the app shell says about billing on every page of a workspace: the gate's banner (grace
// period, lock) and, during the free trial, the days left.
import type { AccessDecision } from "./decide-access";

export interface BillingNotice {
  banner: string | null;
  trialDaysLeft: number | null;
  billingPath: string;
}

export function describeBillingNotice(decision: AccessDecision, trialEndsAt: Date, billingPath: string, now = new Date()): BillingNotice {
  return {
    banner: decision.banner,
    trialDaysLeft: decision.state === "trial" ? Math.max(0, Math.ceil((trialEndsAt.getTime() - now.getTime()) / 86_400_000)) : null,
    billingPath,
  };
}
