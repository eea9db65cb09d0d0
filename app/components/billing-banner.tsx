// The billing gate's banner on every page of a workspace: the grace period after a failed payment,
// or why the workspace is locked, with the way to the billing page.
import { Link } from "@remix-run/react";

export function BillingBanner({ banner, billingPath, canManage }: { banner: string | null; billingPath: string; canManage: boolean }) {
  if (!banner) return null;
  return (
    <div className="banner" role="alert">
      <span>{banner}</span>
      {canManage ? <Link to={billingPath}>Go to billing</Link> : <span>Ask an owner or admin of the workspace.</span>}
    </div>
  );
}
