// Draws a monthly statement as a PDF: summary per currency, then the month's invoices, payments,
// refunds and usage as tables that continue across pages. The numbers come in already computed.
import type { StatementFigures } from "./compute-statement-figures";
import { createBillingDocument, type TableColumn } from "./create-billing-document.server";
import { formatMoney } from "./format-money";
import { planCurrency } from "./plans";

interface Money {
  amount: number;
  currency: string;
}

export interface StatementData {
  /** First day of the month, UTC. */
  periodStart: Date;
  /** First day of the next month, UTC. */
  periodEnd: Date;
  issuedAt: Date;
  workspaceName: string;
  billedTo: string[];
  figures: StatementFigures[];
  invoices: ({ date: Date; number: string; description: string; status: string } & Money)[];
  payments: ({ date: Date; reference: string; invoiceNumber: string | null; method: string } & Money)[];
  refunds: ({ date: Date; reference: string; invoiceNumber: string | null; status: string } & Money)[];
  usage: { label: string; value: string }[];
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", year: "numeric", timeZone: "UTC" });
const longDateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

function total(rows: Money[]): string {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.currency, (sums.get(row.currency) ?? 0) + row.amount);
  return [...sums].map(([currency, amount]) => formatMoney(amount, currency)).join(" + ");
}

function lastDay(periodEnd: Date): Date {
  return new Date(periodEnd.getTime() - 1);
}

export function renderStatementPdf(statement: StatementData): Promise<Buffer> {
  const month = monthFormat.format(statement.periodStart);
  const last = lastDay(statement.periodEnd);
  const document = createBillingDocument({
    title: "Statement",
    runningTitle: `${month} · ${statement.workspaceName}`,
    facts: [
      ["Period", `${longDateFormat.format(statement.periodStart)} – ${longDateFormat.format(last)}`],
      ["Issued", longDateFormat.format(statement.issuedAt)],
      ["Workspace", statement.workspaceName],
    ],
    billedTo: { heading: "BILLED TO", lines: statement.billedTo },
  });

  const quiet = statement.invoices.length + statement.payments.length + statement.refunds.length === 0;
  document.heading("Summary", "All amounts in the invoice currency; dates and times in UTC.");
  if (quiet) document.paragraph(`No billing activity in ${month}: no invoices, payments or refunds.`, { size: 10, color: "#1f2937" });
  for (const figures of statement.figures) {
    const money = (amount: number) => formatMoney(amount, figures.currency);
    document.figures([
      { label: `Opening balance on ${longDateFormat.format(statement.periodStart)}`, value: money(figures.opening) },
      { label: "Invoices", value: money(figures.invoiced) },
      { label: "Payments received", value: money(-figures.paid) },
      { label: `Closing balance on ${longDateFormat.format(last)}`, value: money(figures.closing), strong: true },
      { label: "Refunded to you this month (see the note below)", value: money(figures.refunded) },
    ]);
  }
  if (statement.figures.length === 0) {
    document.figures([{ label: `Closing balance on ${longDateFormat.format(last)}`, value: formatMoney(0, planCurrency), strong: true }]);
  }

  const moneyColumn: TableColumn = { header: "Amount", width: 16, align: "right" };
  document.heading("Invoices");
  document.table(
    [{ header: "Date", width: 13 }, { header: "Invoice", width: 17 }, { header: "Description", width: 40 }, { header: "Status", width: 14 }, moneyColumn],
    statement.invoices.map((row) => [dateFormat.format(row.date), row.number, row.description, row.status, formatMoney(row.amount, row.currency)]),
    { title: "Invoices", empty: "No invoices this month.", totals: statement.invoices.length ? ["Total", "", "", "", total(statement.invoices)] : undefined },
  );

  document.heading("Payments");
  document.table(
    [{ header: "Date", width: 13 }, { header: "Reference", width: 27 }, { header: "Invoice", width: 17 }, { header: "Method", width: 27 }, moneyColumn],
    statement.payments.map((row) => [dateFormat.format(row.date), row.reference, row.invoiceNumber ?? "", row.method, formatMoney(row.amount, row.currency)]),
    { title: "Payments", empty: "No payments this month.", totals: statement.payments.length ? ["Total", "", "", "", total(statement.payments)] : undefined },
  );

  document.heading("Refunds");
  document.table(
    [{ header: "Date", width: 13 }, { header: "Reference", width: 27 }, { header: "Invoice", width: 17 }, { header: "Status", width: 27 }, moneyColumn],
    statement.refunds.map((row) => [dateFormat.format(row.date), row.reference, row.invoiceNumber ?? "", row.status, formatMoney(row.amount, row.currency)]),
    { title: "Refunds", empty: "No refunds this month.", totals: statement.refunds.length ? ["Total", "", "", "", total(statement.refunds)] : undefined },
  );

  document.heading("Usage", "Messages sent during the month; numbers and seats as they stood when this statement was issued.");
  document.table([{ header: "Item", width: 70 }, { header: "Quantity", width: 30, align: "right" }], statement.usage.map((row) => [row.label, row.value]), {
    title: "Usage",
    empty: "No usage recorded.",
  });

  document.paragraph(
    "The balance is what remains to be paid: invoices add to it and payments reduce it. A refund returns money paid for an invoice, so it lowers what was charged and what was paid alike and leaves the balance unchanged.",
  );
  return document.end();
}
