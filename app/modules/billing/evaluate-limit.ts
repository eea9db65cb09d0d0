// The plan-limit rule: whether adding some seats, numbers or messages keeps a workspace within its
// plan, and if not, the message that says so and where to upgrade. Pure; the counts come from callers.
import { limitLabels, type LimitName, type PlanLimits } from "./plans";

export type LimitCheck =
  | { ok: true; limit: number; used: number; remaining: number }
  | { ok: false; limit: number; used: number; remaining: number; message: string; upgradeUrl: string };

export interface LimitQuestion {
  limits: PlanLimits;
  /** "Growth plan", "free trial": how the allowance is named in the message. */
  allowanceName: string;
  limit: LimitName;
  used: number;
  adding: number;
  upgradeUrl: string;
}

export function evaluateLimit({ limits, allowanceName, limit, used, adding, upgradeUrl }: LimitQuestion): LimitCheck {
  const allowed = limits[limit];
  const remaining = Math.max(0, allowed - used);
  if (used + adding <= allowed) return { ok: true, limit: allowed, used, remaining: remaining - adding };
  const label = limitLabels[limit];
  const inUse = limit === "messagesPerMonth" ? `${used.toLocaleString("en-US")} sent this month` : `${used.toLocaleString("en-US")} in use`;
  const asked = adding === 1 ? "" : ` You asked for ${adding.toLocaleString("en-US")} more${remaining > 0 ? `; ${remaining.toLocaleString("en-US")} remain` : ""}.`;
  return {
    ok: false,
    limit: allowed,
    used,
    remaining,
    message: `Your ${allowanceName} includes ${allowed.toLocaleString("en-US")} ${label.unit(allowed)} (${inUse}).${asked} Upgrade your plan to add more.`,
    upgradeUrl,
  };
}
