// When the browser comes back from a paid Checkout, reads the session's subscription from Stripe
// at once, so the billing page shows the new plan without waiting for the webhook. Only a
// session of the workspace's own customer is accepted.
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";
import { recordStripeState } from "./apply-stripe-event.server";
import { fetchStripeState } from "./fetch-stripe-state.server";

export async function syncCheckoutReturn(access: WorkspaceAccess, sessionId: string): Promise<boolean> {
  if (!/^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId)) return false;
  const [account] = await inWorkspace(access, (tx) => tx<{ customerId: string | null }[]>`
    select stripe_customer_id as customer_id from billing_accounts where workspace_id = ${access.workspace.id}`);
  if (!account?.customerId) return false;
  const state = await fetchStripeState("checkout.session", sessionId);
  if (state.customerId !== account.customerId) return false;
  await recordStripeState(access.workspace.id, state);
  return state.checkoutSession?.status === "complete";
}
