// Gathers one month's statement from the workspace's billing records inside the caller's
// transaction: the ledger for the balances, the month's invoices, payments and refunds, the
// billing details and the usage (messages sent in the month by category; numbers and seats as they
// stand). Void and draft invoices and failed payments moved no money.
import type { Tx } from "../../../db/transactions";
import { computeStatementFigures, type LedgerEntry } from "./compute-statement-figures";
import { countMessagesSent, messageCategories } from "./count-messages-sent.server";
import { countUsage } from "./count-usage.server";
import { describeBilledTo, type BillingDetails } from "./describe-billed-to";
import type { StatementData } from "./render-statement-pdf.server";
import type { StatementPeriod } from "./statement-month";

const categoryLabels = { MARKETING: "marketing", UTILITY: "utility", AUTHENTICATION: "authentication" } as const;

function cardName(brand: string | null, last4: string | null): string {
  if (!brand && !last4) return "Card";
  const name = brand ? brand.charAt(0).toUpperCase() + brand.slice(1) : "Card";
  return last4 ? `${name} ending ${last4}` : name;
}

export async function readStatementData(tx: Tx, workspaceId: string, period: StatementPeriod, issuedAt: Date): Promise<StatementData> {
  const [workspace] = await tx<{ name: string }[]>`select name from workspaces where id = ${workspaceId}`;
  if (!workspace) throw new Error(`workspace ${workspaceId} is not visible in this transaction`);
  const [details] = await tx<BillingDetails[]>`
    select billing_email, business_name, address_line1, address_line2, city, postal_code, country, tax_id
      from billing_accounts where workspace_id = ${workspaceId}`;
  const ledger = await tx<LedgerEntry[]>`
    select 'invoice' as kind, total as amount, currency, coalesce(finalized_at, stripe_created_at) as at
      from billing_invoices where workspace_id = ${workspaceId} and status in ('open', 'paid', 'uncollectible')
       and coalesce(finalized_at, stripe_created_at) < ${period.end}
    union all
    select kind, amount, currency, stripe_created_at as at
      from billing_payments where workspace_id = ${workspaceId} and status = 'succeeded' and stripe_created_at < ${period.end}`;
  const invoices = await tx<StatementData["invoices"]>`
    select coalesce(finalized_at, stripe_created_at) as date, coalesce(number, stripe_invoice_id) as number, description, status, total as amount, currency
      from billing_invoices where workspace_id = ${workspaceId} and status in ('open', 'paid', 'uncollectible')
       and coalesce(finalized_at, stripe_created_at) >= ${period.start} and coalesce(finalized_at, stripe_created_at) < ${period.end}
     order by 1, 2`;
  const moves = await tx<{ kind: "payment" | "refund"; date: Date; reference: string; invoiceNumber: string | null; status: string; cardBrand: string | null; cardLast4: string | null; amount: number; currency: string }[]>`
    select p.kind, p.stripe_created_at as date, p.stripe_id as reference, coalesce(i.number, p.stripe_invoice_id) as invoice_number, p.status,
           p.card_brand, p.card_last4, p.amount, p.currency
      from billing_payments p left join billing_invoices i on i.workspace_id = p.workspace_id and i.stripe_invoice_id = p.stripe_invoice_id
     where p.workspace_id = ${workspaceId} and p.status = 'succeeded' and p.stripe_created_at >= ${period.start} and p.stripe_created_at < ${period.end}
     order by p.stripe_created_at, p.stripe_id`;
  const usage = await countUsage(tx, workspaceId);
  const messages = await countMessagesSent(tx, workspaceId, period);
  return {
    periodStart: period.start,
    periodEnd: period.end,
    issuedAt,
    workspaceName: workspace.name,
    billedTo: describeBilledTo(details ?? null, workspace.name),
    figures: computeStatementFigures(ledger, period),
    invoices,
    payments: moves
      .filter((move) => move.kind === "payment")
      .map((move) => ({ date: move.date, reference: move.reference, invoiceNumber: move.invoiceNumber, method: cardName(move.cardBrand, move.cardLast4), amount: move.amount, currency: move.currency })),
    refunds: moves
      .filter((move) => move.kind === "refund")
      .map((move) => ({ date: move.date, reference: move.reference, invoiceNumber: move.invoiceNumber, status: move.status, amount: move.amount, currency: move.currency })),
    usage: [
      ...messageCategories.map((category) => ({ label: `Messages sent: ${categoryLabels[category]}`, value: messages[category].toLocaleString("en-US") })),
      { label: "WhatsApp numbers connected", value: usage.phoneNumbers.toLocaleString("en-US") },
      { label: "Seats (members and open invitations)", value: usage.seats.toLocaleString("en-US") },
    ],
  };
}
