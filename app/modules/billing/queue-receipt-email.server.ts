// Queues the receipt of a paid invoice once, in the transaction that recorded it paid: the
// invoice is marked as receipted and the billing details are fixed on it as the receipt prints them.
import type { Tx } from "../../../db/transactions";
import { queueEmail } from "../../../emails/queue";
import { appUrl } from "~/lib/env.server";
import { billingPagePath } from "./billing-page-path";
import { describeBilledTo, type BillingDetails } from "./describe-billed-to";
import { formatMoney } from "./format-money";
import { findPlan } from "./plans";

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

function planName(planKey: string | null, description: string): string {
  const plan = planKey ? findPlan(planKey) : undefined;
  return plan ? `${plan.name} plan` : description;
}

export async function queueReceiptEmail(tx: Tx, workspaceId: string, invoiceId: string): Promise<boolean> {
  const [workspace] = await tx<{ name: string; slug: string }[]>`select name, slug from workspaces where id = ${workspaceId}`;
  const [details] = await tx<BillingDetails[]>`
    select billing_email, business_name, address_line1, address_line2, city, postal_code, country, tax_id
      from billing_accounts where workspace_id = ${workspaceId}`;
  if (!workspace) return false;
  const billedTo = describeBilledTo(details ?? null, workspace.name);
  const [invoice] = await tx<{ number: string | null; currency: string; amountPaid: number; planKey: string | null; description: string; periodStart: Date | null; periodEnd: Date | null; hostedInvoiceUrl: string | null }[]>`
    update billing_invoices set receipt_queued_at = now(), billed_to = ${tx.json(billedTo)}
     where workspace_id = ${workspaceId} and stripe_invoice_id = ${invoiceId}
       and status = 'paid' and amount_paid > 0 and receipt_queued_at is null
    returning number, currency, amount_paid, plan_key, description, period_start, period_end, hosted_invoice_url`;
  if (!invoice) return false;
  const recipients = details?.billingEmail
    ? [details.billingEmail]
    : (await tx<{ email: string }[]>`select u.email from memberships m join users u on u.id = m.user_id
         where m.workspace_id = ${workspaceId} and m.role = 'owner' order by u.email`).map((owner) => owner.email);
  const receiptUrl = appUrl(`${billingPagePath(workspace.slug)}/receipts/${invoiceId}`);
  for (const to of recipients) {
    await queueEmail(tx, {
      template: "receipt",
      to,
      data: {
        workspaceName: workspace.name,
        amount: formatMoney(invoice.amountPaid, invoice.currency),
        planName: planName(invoice.planKey, invoice.description),
        period: invoice.periodStart && invoice.periodEnd ? `${dateFormat.format(invoice.periodStart)} – ${dateFormat.format(invoice.periodEnd)}` : null,
        invoiceNumber: invoice.number ?? invoiceId,
        invoiceUrl: invoice.hostedInvoiceUrl ?? receiptUrl,
        receiptUrl,
      },
    });
  }
  return true;
}
