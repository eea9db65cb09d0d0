// The message shown when an addition would pass the plan's limits, with the way to a bigger plan.
import { Link } from "@remix-run/react";

export interface PlanLimitRefusal {
  message: string;
  upgradeUrl: string;
}

export function PlanLimitNotice({ limit }: { limit?: PlanLimitRefusal | null }) {
  if (!limit) return null;
  return (
    <div className="form-error" role="alert">
      <span>{limit.message} </span>
      <Link to={limit.upgradeUrl}>See plans and upgrade</Link>
    </div>
  );
}
