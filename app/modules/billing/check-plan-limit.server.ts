// Plan limits at the moment of adding something (a teammate at invite, numbers at connect,
// messages at launch and send), inside the caller's transaction. Seats and numbers are counted
// here under a per-workspace lock, so two concurrent additions cannot both take the last one.
import type { Tx } from "../../../db/transactions";
import { env } from "~/lib/env.server";
import { billingPagePath } from "./billing-page-path";
import { countUsage } from "./count-usage.server";
import { decideAccess } from "./decide-access";
import { evaluateLimit, type LimitCheck } from "./evaluate-limit";
import type { LimitName } from "./plans";
import { readBillingState } from "./read-billing-state.server";

export interface LimitRequest {
  workspaceId: string;
  limit: LimitName;
  adding: number;
  /** What is already used; counted here for seats and numbers when omitted, always given for messages. */
  used?: number;
  now?: Date;
}

export async function checkPlanLimit(tx: Tx, { workspaceId, limit, adding, used, now = new Date() }: LimitRequest): Promise<LimitCheck> {
  if (limit === "messagesPerMonth" && used === undefined) throw new Error("the caller counts messages: pass `used`");
  await tx`select pg_advisory_xact_lock(hashtextextended(${`kiana:plan-limits:${workspaceId}`}, 0))`;
  const state = await readBillingState(tx, workspaceId);
  const decision = decideAccess({ subscription: state.subscription, trialEndsAt: state.workspace.trialEndsAt, now, graceDays: env.BILLING_GRACE_DAYS });
  let inUse = used;
  if (inUse === undefined) {
    const usage = await countUsage(tx, workspaceId);
    inUse = limit === "seats" ? usage.seats : usage.phoneNumbers;
  }
  return evaluateLimit({
    limits: decision.limits,
    allowanceName: decision.allowanceName,
    limit,
    used: inUse,
    adding,
    upgradeUrl: billingPagePath(state.workspace.slug),
  });
}
