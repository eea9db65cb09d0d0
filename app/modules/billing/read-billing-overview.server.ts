// Everything the billing page shows for one workspace: the plan and what the gate decides, usage
// against the limits, the renewal, invoices, payments (declined ones with Stripe's reason) and
// refunds, the billing details and the months with a statement.
import { env } from "~/lib/env.server";
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";
import { countMessagesSent } from "./count-messages-sent.server";
import { countUsage, type Usage } from "./count-usage.server";
import { decideAccess, type AccessDecision, type SubscriptionSnapshot } from "./decide-access";
import type { BillingDetails } from "./describe-billed-to";
import { readBillingState } from "./read-billing-state.server";
import { monthOf, pastMonths, previousMonth, statementPeriod } from "./statement-month";

export interface InvoiceRow {
  stripeInvoiceId: string;
  number: string | null;
  status: string;
  currency: string;
  total: number;
  amountPaid: number;
  description: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  hostedInvoiceUrl: string | null;
  createdAt: Date;
  refunded: number;
}

export interface PaymentRow {
  stripeId: string;
  kind: "payment" | "refund";
  status: string;
  amount: number;
  currency: string;
  failureMessage: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  invoiceNumber: string | null;
  createdAt: Date;
}

export interface BillingOverview {
  decision: AccessDecision;
  subscription: SubscriptionSnapshot | null;
  trialEndsAt: Date;
  usage: Usage;
  messagesThisMonth: number;
  details: BillingDetails | null;
  hasCustomer: boolean;
  invoices: InvoiceRow[];
  payments: PaymentRow[];
  statementMonths: string[];
}

/** The last two years of statements, and at least last month's (a workspace begun this month gets one that says it was quiet). */
function statementMonths(createdAt: Date, now: Date): string[] {
  const months = pastMonths(createdAt, now, 24);
  return months.length > 0 ? months : [previousMonth(now)];
}

export async function readBillingOverview(access: WorkspaceAccess, now = new Date()): Promise<BillingOverview> {
  const workspaceId = access.workspace.id;
  return inWorkspace(access, async (tx) => {
    const state = await readBillingState(tx, workspaceId);
    const usage = await countUsage(tx, workspaceId);
    const sent = await countMessagesSent(tx, workspaceId, statementPeriod(monthOf(now)));
    const [account] = await tx<(BillingDetails & { stripeCustomerId: string | null })[]>`
      select stripe_customer_id, billing_email, business_name, address_line1, address_line2, city, postal_code, country, tax_id
        from billing_accounts where workspace_id = ${workspaceId}`;
    const invoices = await tx<InvoiceRow[]>`
      select i.stripe_invoice_id, i.number, i.status, i.currency, i.total, i.amount_paid, i.description, i.period_start, i.period_end,
             i.hosted_invoice_url, i.stripe_created_at as created_at,
             coalesce((select sum(r.amount)::int from billing_payments r
                        where r.workspace_id = i.workspace_id and r.stripe_invoice_id = i.stripe_invoice_id and r.kind = 'refund' and r.status = 'succeeded'), 0) as refunded
        from billing_invoices i where i.workspace_id = ${workspaceId} and i.status <> 'draft'
       order by i.stripe_created_at desc limit 50`;
    const payments = await tx<PaymentRow[]>`
      select p.stripe_id, p.kind, p.status, p.amount, p.currency, p.failure_message, p.card_brand, p.card_last4,
             coalesce(i.number, p.stripe_invoice_id) as invoice_number, p.stripe_created_at as created_at
        from billing_payments p left join billing_invoices i on i.workspace_id = p.workspace_id and i.stripe_invoice_id = p.stripe_invoice_id
       where p.workspace_id = ${workspaceId} order by p.stripe_created_at desc, p.stripe_id limit 50`;
    const { stripeCustomerId, ...details } = account ?? { stripeCustomerId: null };
    return {
      decision: decideAccess({ subscription: state.subscription, trialEndsAt: state.workspace.trialEndsAt, now, graceDays: env.BILLING_GRACE_DAYS }),
      subscription: state.subscription,
      trialEndsAt: state.workspace.trialEndsAt,
      usage,
      messagesThisMonth: Object.values(sent).reduce((sum, count) => sum + count, 0),
      details: account ? (details as BillingDetails) : null,
      hasCustomer: Boolean(stripeCustomerId),
      invoices,
      payments,
      statementMonths: statementMonths(state.workspace.createdAt, now),
    };
  });
}
