// Starts a subscription through Stripe Checkout (owners and admins). The workspace gets one Stripe
// customer, ever: created under an idempotency key derived from the workspace and saved only if
// none is saved yet. A short lease on the billing account makes concurrent clicks wait for the
// first one and reuse its open Checkout Session, so a double click cannot buy twice. The Stripe
// calls happen between transactions, never inside one.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { appUrl } from "~/lib/env.server";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { inWorkspace, roleRank, type WorkspaceAccess } from "../workspaces/memberships.server";
import { billingPagePath } from "./billing-page-path";
import { SubscribeForm } from "./billing-details-form";
import { isLiveSubscription } from "./decide-access";
import { findPlan } from "./plans";
import { readBillingState } from "./read-billing-state.server";
import { stripe } from "./stripe.server";

export type CheckoutResult = { ok: true; url: string } | { ok: false; errors: FieldErrors };

const leaseSeconds = 20;

interface Lease {
  customerId: string | null;
  sessionId: string | null;
  sessionUrl: string | null;
  lookupKey: string | null;
  expiresAt: Date | null;
}

async function takeLease(access: WorkspaceAccess, claim: string): Promise<Lease | "busy" | "subscribed"> {
  return inWorkspace(access, async (tx) => {
    const state = await readBillingState(tx, access.workspace.id);
    if (state.subscription && isLiveSubscription(state.subscription.status)) return "subscribed";
    await tx`insert into billing_accounts (workspace_id) values (${access.workspace.id}) on conflict do nothing`;
    const [row] = await tx<Lease[]>`
      update billing_accounts set checkout_claim = ${claim}, checkout_claimed_until = now() + make_interval(secs => ${leaseSeconds})
       where workspace_id = ${access.workspace.id} and (checkout_claimed_until is null or checkout_claimed_until < now())
      returning stripe_customer_id as customer_id, checkout_session_id as session_id, checkout_url as session_url,
                checkout_lookup_key as lookup_key, checkout_expires_at as expires_at`;
    return row ?? "busy";
  });
}

async function releaseLease(access: WorkspaceAccess, claim: string, saved?: { customerId: string; sessionId: string; url: string; lookupKey: string; expiresAt: Date }) {
  await inWorkspace(access, (tx) => saved
    ? tx`update billing_accounts set stripe_customer_id = coalesce(stripe_customer_id, ${saved.customerId}), checkout_session_id = ${saved.sessionId},
           checkout_url = ${saved.url}, checkout_lookup_key = ${saved.lookupKey}, checkout_expires_at = ${saved.expiresAt},
           checkout_claim = null, checkout_claimed_until = null, updated_at = now()
         where workspace_id = ${access.workspace.id} and checkout_claim = ${claim}`
    : tx`update billing_accounts set checkout_claim = null, checkout_claimed_until = null
         where workspace_id = ${access.workspace.id} and checkout_claim = ${claim}`);
}

async function ensureCustomer(access: WorkspaceAccess, known: string | null): Promise<string> {
  if (known) return known;
  const customer = await stripe().customers.create(
    { name: access.workspace.name, email: access.user.email, metadata: { workspace_id: access.workspace.id } },
    { idempotencyKey: `kiana-customer-${access.workspace.id}` },
  );
  // Saved at once, so a failure creating the session later never leads to a second customer.
  const [saved] = await inWorkspace(access, (tx) => tx<{ customerId: string }[]>`
    update billing_accounts set stripe_customer_id = coalesce(stripe_customer_id, ${customer.id}), updated_at = now()
     where workspace_id = ${access.workspace.id} returning stripe_customer_id as customer_id`);
  return saved!.customerId;
}

export async function startCheckout(access: WorkspaceAccess, input: Record<string, unknown>, now = () => new Date()): Promise<CheckoutResult> {
  if (roleRank[access.role] < roleRank.admin) return { ok: false, errors: { form: "Only owners and admins can choose the plan" } };
  const parsed = SubscribeForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const price = findPlan(parsed.data.plan)!.prices[parsed.data.interval];
  const claim = randomUUID();
  const giveUpAt = now().getTime() + (leaseSeconds + 5) * 1000;
  let lease = await takeLease(access, claim);
  while (lease === "busy" && now().getTime() < giveUpAt) {
    await sleep(200);
    lease = await takeLease(access, claim);
  }
  if (lease === "busy") return { ok: false, errors: { form: "Another checkout for this workspace is being prepared. Try again in a moment." } };
  if (lease === "subscribed") return { ok: false, errors: { form: "This workspace already has a subscription: use Manage subscription to change the plan or the card." } };
  const reusable = lease.sessionId && lease.sessionUrl && lease.lookupKey === price.lookupKey && lease.expiresAt && lease.expiresAt.getTime() > now().getTime() + 60_000;
  if (reusable) {
    const open = await stripe().checkout.sessions.retrieve(lease.sessionId!);
    if (open.status === "open") {
      await releaseLease(access, claim);
      return { ok: true, url: lease.sessionUrl! };
    }
  }
  try {
    const customerId = await ensureCustomer(access, lease.customerId);
    const prices = await stripe().prices.list({ lookup_keys: [price.lookupKey], active: true, limit: 1 });
    const stripePrice = prices.data[0];
    if (!stripePrice) throw new Error(`no active Stripe price has the lookup key ${price.lookupKey}; run npm run db:seed to sync the plans`);
    const billingPage = appUrl(billingPagePath(access.workspace.slug));
    const session = await stripe().checkout.sessions.create({
      mode: "subscription",
      customer: customerId,
      client_reference_id: access.workspace.id,
      line_items: [{ price: stripePrice.id, quantity: 1 }],
      subscription_data: { metadata: { workspace_id: access.workspace.id } },
      success_url: `${billingPage}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${billingPage}?checkout=canceled`,
    });
    if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
    await releaseLease(access, claim, { customerId, sessionId: session.id, url: session.url, lookupKey: price.lookupKey, expiresAt: new Date(session.expires_at * 1000) });
    return { ok: true, url: session.url };
  } catch (error) {
    await releaseLease(access, claim);
    throw error;
  }
}
