// Draws the receipt of one paid invoice as a PDF, in the same layout as the statements: what was
// bought and for which period, the amounts, the payments that settled it and any refunds since.
import { createBillingDocument } from "./create-billing-document.server";
import { formatMoney } from "./format-money";

export interface ReceiptData {
  invoiceNumber: string;
  paidAt: Date;
  workspaceName: string;
  billedTo: string[];
  description: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  amountPaid: number;
  payments: { date: Date; method: string; amount: number }[];
  refunds: { date: Date; reference: string; amount: number }[];
  hostedInvoiceUrl: string | null;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric", timeZone: "UTC" });
const longDateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export function renderReceiptPdf(receipt: ReceiptData): Promise<Buffer> {
  const money = (amount: number) => formatMoney(amount, receipt.currency);
  const period = receipt.periodStart && receipt.periodEnd ? `${dateFormat.format(receipt.periodStart)} – ${dateFormat.format(receipt.periodEnd)}` : "";
  const document = createBillingDocument({
    title: "Receipt",
    runningTitle: `Invoice ${receipt.invoiceNumber} · ${receipt.workspaceName}`,
    facts: [
      ["Invoice", receipt.invoiceNumber],
      ["Paid", longDateFormat.format(receipt.paidAt)],
      ["Workspace", receipt.workspaceName],
    ],
    billedTo: { heading: "BILLED TO", lines: receipt.billedTo },
  });

  document.heading("What you paid for");
  document.table(
    [{ header: "Description", width: 55 }, { header: "Period", width: 28 }, { header: "Amount", width: 17, align: "right" }],
    [[receipt.description, period, money(receipt.subtotal)]],
    { title: "What you paid for", empty: "" },
  );
  const refunded = receipt.refunds.reduce((sum, refund) => sum + refund.amount, 0);
  document.figures([
    { label: "Subtotal", value: money(receipt.subtotal) },
    { label: "Tax", value: money(receipt.tax) },
    { label: "Total", value: money(receipt.total) },
    { label: "Amount paid", value: money(receipt.amountPaid), strong: true },
    ...(refunded > 0 ? [{ label: "Refunded", value: money(-refunded) }, { label: "Paid after refunds", value: money(receipt.amountPaid - refunded), strong: true }] : []),
  ]);

  document.heading("Payments");
  document.table(
    [{ header: "Date", width: 20 }, { header: "Method", width: 63 }, { header: "Amount", width: 17, align: "right" }],
    receipt.payments.map((payment) => [dateFormat.format(payment.date), payment.method, money(payment.amount)]),
    { title: "Payments", empty: "Paid without a card payment (credit or balance)." },
  );
  if (receipt.refunds.length > 0) {
    document.heading("Refunds");
    document.table(
      [{ header: "Date", width: 20 }, { header: "Reference", width: 63 }, { header: "Amount", width: 17, align: "right" }],
      receipt.refunds.map((refund) => [dateFormat.format(refund.date), refund.reference, money(refund.amount)]),
      { title: "Refunds", empty: "" },
    );
  }
  document.paragraph(
    `This receipt confirms payment of invoice ${receipt.invoiceNumber}.${receipt.hostedInvoiceUrl ? ` The invoice itself is at ${receipt.hostedInvoiceUrl}` : ""}`,
  );
  return document.end();
}
