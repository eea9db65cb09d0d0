// Opens Stripe's Customer Portal for the workspace's customer (owners and admins), where the plan,
// the card and cancellation are managed; Stripe's webhooks bring the changes back.
import { appUrl } from "~/lib/env.server";
import { inWorkspace, roleRank, type WorkspaceAccess } from "../workspaces/memberships.server";
import { billingPagePath } from "./billing-page-path";
import { stripe } from "./stripe.server";

export async function openBillingPortal(access: WorkspaceAccess): Promise<{ ok: true; url: string } | { ok: false; error: string }> {
  if (roleRank[access.role] < roleRank.admin) return { ok: false, error: "Only owners and admins can manage the subscription" };
  const [account] = await inWorkspace(access, (tx) => tx<{ customerId: string | null }[]>`
    select stripe_customer_id as customer_id from billing_accounts where workspace_id = ${access.workspace.id}`);
  if (!account?.customerId) return { ok: false, error: "Choose a plan first: there is no subscription to manage yet" };
  const session = await stripe().billingPortal.sessions.create({ customer: account.customerId, return_url: appUrl(billingPagePath(access.workspace.slug)) });
  return { ok: true, url: session.url };
}
