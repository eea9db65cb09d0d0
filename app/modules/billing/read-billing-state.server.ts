// Reads what the access gate needs about one workspace inside the caller's transaction: its trial
// and the subscription that currently governs it (a live one before any ended one).
import type { Tx } from "../../../db/transactions";
import type { SubscriptionSnapshot } from "./decide-access";

export interface BillingState {
  workspace: { id: string; slug: string; name: string; trialEndsAt: Date; createdAt: Date };
  subscription: SubscriptionSnapshot | null;
}

export async function readBillingState(tx: Tx, workspaceId: string): Promise<BillingState> {
  const state = await readStateOf(tx, workspaceId);
  if (!state) throw new Error(`workspace ${workspaceId} is not visible in this transaction`);
  return state;
}

/**
 * The billing state of the workspace the transaction is scoped to, whose scope may have been set in SQL
 * by an earlier statement of the same round trip (see readTogether); null when it is scoped to none.
 */
export function readScopedBillingState(tx: Tx): Promise<BillingState | null> {
  return readStateOf(tx, null);
}

/** With a null id, reads the transaction's own workspace. */
async function readStateOf(tx: Tx, workspaceId: string | null): Promise<BillingState | null> {
  const workspaceRead = tx<BillingState["workspace"][]>`
    select id, slug, name, trial_ends_at, created_at from workspaces where id = coalesce(${workspaceId}::uuid, app_private.current_workspace_id())`;
  // A past_due subscription's grace runs from its oldest unpaid invoice (the renewal's period start
  // until that invoice is mirrored), so a delayed webhook does not move the deadline.
  const subscriptionRead = tx<SubscriptionSnapshot[]>`
    select s.status, s.plan_key, s.billing_interval as interval, s.current_period_end, s.cancel_at_period_end, s.trial_end,
           case when s.status = 'past_due' then coalesce(
             (select min(coalesce(i.finalized_at, i.stripe_created_at)) from billing_invoices i
               where i.workspace_id = s.workspace_id and i.stripe_subscription_id = s.stripe_subscription_id and i.status = 'open'),
             s.current_period_start) end as past_due_since
      from billing_subscriptions s
     where s.workspace_id = coalesce(${workspaceId}::uuid, app_private.current_workspace_id())
     order by case when s.status in ('active', 'trialing', 'past_due') then 0 when s.status in ('unpaid', 'paused', 'incomplete') then 1 else 2 end,
              s.stripe_created_at desc
     limit 1`;
  // Both statements go out together: one round trip instead of two.
  const [[found], [subscription]] = await Promise.all([workspaceRead, subscriptionRead]);
  return found ? { workspace: found, subscription: subscription ?? null } : null;
}
