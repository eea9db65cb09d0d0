// The single access gate for routes, jobs and scripts: may this workspace be used, or send
// messages now? Sending also checks the monthly message allowance against the caller's count.
import { withWorkspace } from "../../../db/transactions";
import { env } from "~/lib/env.server";
import { billingPagePath } from "./billing-page-path";
import { decideAccess, type AccessDecision } from "./decide-access";
import { evaluateLimit } from "./evaluate-limit";
import { readBillingState, type BillingState } from "./read-billing-state.server";

export type AccessNeed =
  | { need: "use"; now?: Date }
  /** `sentThisMonth`: messages the workspace sent since the start of the calendar month (UTC). */
  | { need: "send"; messages: { sentThisMonth: number; toSend: number }; now?: Date };

export interface AccessCheck {
  allowed: boolean;
  /** Why not, in words for the user (null when allowed). */
  message: string | null;
  upgradeUrl: string;
  decision: AccessDecision;
}

export async function checkAccess(workspaceId: string, request: AccessNeed): Promise<AccessCheck> {
  return judgeAccess(await withWorkspace(workspaceId, null, (tx) => readBillingState(tx, workspaceId)), request);
}

/** The gate's verdict on a billing state already read (a page reads it with the membership). */
export function judgeAccess(state: BillingState, request: AccessNeed): AccessCheck {
  const decision = decideAccess({
    subscription: state.subscription,
    trialEndsAt: state.workspace.trialEndsAt,
    now: request.now ?? new Date(),
    graceDays: env.BILLING_GRACE_DAYS,
  });
  const upgradeUrl = billingPagePath(state.workspace.slug);
  if (!decision.allowed) return { allowed: false, message: decision.reason, upgradeUrl, decision };
  if (request.need === "send") {
    const limit = evaluateLimit({
      limits: decision.limits,
      allowanceName: decision.allowanceName,
      limit: "messagesPerMonth",
      used: request.messages.sentThisMonth,
      adding: request.messages.toSend,
      upgradeUrl,
    });
    if (!limit.ok) return { allowed: false, message: limit.message, upgradeUrl, decision };
  }
  return { allowed: true, message: null, upgradeUrl, decision };
}
