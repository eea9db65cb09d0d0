// Draws the receipt of one of the workspace's paid invoices: the billing details fixed on it when
// it was paid (the current ones for an invoice paid before any were fixed), its card payments and
// the refunds made since.
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";
import { describeBilledTo, type BillingDetails } from "./describe-billed-to";
import { renderReceiptPdf } from "./render-receipt-pdf.server";

export async function readReceipt(access: WorkspaceAccess, invoiceId: string): Promise<{ filename: string; pdf: Buffer } | null> {
  const data = await inWorkspace(access, async (tx) => {
    const [invoice] = await tx<{ number: string | null; billedTo: string[] | null; description: string; periodStart: Date | null; periodEnd: Date | null; currency: string; subtotal: number; tax: number; total: number; amountPaid: number; paidAt: Date | null; hostedInvoiceUrl: string | null }[]>`
      select number, billed_to, description, period_start, period_end, currency, subtotal, tax, total, amount_paid, paid_at, hosted_invoice_url
        from billing_invoices where workspace_id = ${access.workspace.id} and stripe_invoice_id = ${invoiceId} and status = 'paid'`;
    if (!invoice) return null;
    const [details] = await tx<BillingDetails[]>`
      select billing_email, business_name, address_line1, address_line2, city, postal_code, country, tax_id
        from billing_accounts where workspace_id = ${access.workspace.id}`;
    const moves = await tx<{ kind: "payment" | "refund"; stripeId: string; amount: number; createdAt: Date; cardBrand: string | null; cardLast4: string | null }[]>`
      select kind, stripe_id, amount, stripe_created_at as created_at, card_brand, card_last4 from billing_payments
       where workspace_id = ${access.workspace.id} and stripe_invoice_id = ${invoiceId} and status = 'succeeded' order by stripe_created_at`;
    return { invoice, details: details ?? null, moves };
  });
  if (!data) return null;
  const { invoice, details, moves } = data;
  const number = invoice.number ?? invoiceId;
  const pdf = await renderReceiptPdf({
    invoiceNumber: number,
    paidAt: invoice.paidAt ?? moves[0]?.createdAt ?? new Date(),
    workspaceName: access.workspace.name,
    billedTo: invoice.billedTo ?? describeBilledTo(details, access.workspace.name),
    description: invoice.description,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    tax: invoice.tax,
    total: invoice.total,
    amountPaid: invoice.amountPaid,
    payments: moves
      .filter((move) => move.kind === "payment")
      .map((move) => ({ date: move.createdAt, method: [move.cardBrand, move.cardLast4 ? `ending ${move.cardLast4}` : null].filter(Boolean).join(" ") || "Card", amount: move.amount })),
    refunds: moves.filter((move) => move.kind === "refund").map((move) => ({ date: move.createdAt, reference: move.stripeId, amount: move.amount })),
    hostedInvoiceUrl: invoice.hostedInvoiceUrl,
  });
  return { filename: `receipt-${number.replace(/[^A-Za-z0-9_-]/g, "_")}.pdf`, pdf };
}
