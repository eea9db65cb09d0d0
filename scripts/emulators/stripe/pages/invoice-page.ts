// An invoice's hosted page (`hosted_invoice_url`): lines, tax, totals and status, with a card form
// to pay it while open; its PDF (`invoice_pdf`); and a charge's receipt page (`receipt_url`).
import PDFDocument from "pdfkit";
import type { Core } from "../core/context";
import type { Invoice } from "../core/types";
import { brandName, lookupCard } from "../domain/cards";
import { collectInvoice } from "../domain/collection";
import { formatDate, formatMoney } from "../domain/money";
import { attachPaymentMethod, savePaymentMethod, defaultExpiry } from "../domain/payments";
import { cardFieldsHtml, checkCardFields, emptyCardFields, readCardFields, type CardErrors, type CardFields } from "./card-form";
import { escapeHtml, notFoundPage, page } from "./layout";
import type { PageResult } from "./result";

function invoiceTax(invoice: Invoice): number {
  return (invoice.total_taxes ?? []).reduce((sum, tax) => sum + tax.amount, 0);
}

function linesTable(invoice: Invoice): string {
  const money = (amount: number) => escapeHtml(formatMoney(amount, invoice.currency));
  const rows = invoice.lines.data
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.description)}<div class="muted">${escapeHtml(formatDate(line.period.start))} – ${escapeHtml(formatDate(line.period.end))}</div></td><td class="num">${money(line.amount)}</td></tr>`,
    )
    .join("");
  const tax = invoiceTax(invoice);
  return `<table>${rows}
<tr><td>Subtotal</td><td class="num">${money(invoice.subtotal)}</td></tr>
${tax !== 0 ? `<tr><td>Tax</td><td class="num">${money(tax)}</td></tr>` : ""}
<tr class="total"><td>Total</td><td class="num">${money(invoice.total)}</td></tr>
<tr><td>Amount paid</td><td class="num">${money(invoice.amount_paid)}</td></tr>
<tr class="total"><td>Amount remaining</td><td class="num">${money(invoice.amount_remaining)}</td></tr></table>`;
}

function renderInvoice(core: Core, invoice: Invoice, fields: CardFields, errors: CardErrors): string {
  const status = String(invoice.status);
  const paidAt = invoice.status_transitions.paid_at;
  const payForm =
    invoice.status === "open"
      ? `<form method="post" class="card" novalidate><h2>Pay this invoice</h2>${cardFieldsHtml(fields, errors)}<button type="submit">Pay ${escapeHtml(formatMoney(invoice.amount_remaining, invoice.currency))}</button></form>`
      : "";
  return page(
    `Invoice ${invoice.number ?? invoice.id}`,
    `<div class="card"><p class="muted">${escapeHtml(core.accountName)}</p>
<h1>Invoice ${escapeHtml(invoice.number ?? "")} <span class="badge ${escapeHtml(status)}">${escapeHtml(status)}</span></h1>
<p class="amount">${escapeHtml(formatMoney(invoice.status === "paid" ? invoice.amount_paid : invoice.amount_remaining, invoice.currency))}</p>
<p class="muted">${paidAt ? `Paid on ${escapeHtml(formatDate(paidAt))}` : `Issued ${escapeHtml(formatDate(invoice.status_transitions.finalized_at ?? invoice.created))}`} · ${escapeHtml(invoice.customer_email ?? "")}</p>
${linesTable(invoice)}
<p><a href="${escapeHtml(invoice.invoice_pdf ?? "")}">Download invoice (PDF)</a></p></div>
${payForm}`,
  );
}

export function invoicePage(core: Core, invoiceId: string, method: string, body: URLSearchParams): PageResult {
  const invoice = core.store.invoices.get(invoiceId);
  if (!invoice || invoice.status === "draft") return { status: 404, html: notFoundPage("Invoice") };
  if (method !== "POST" || invoice.status !== "open") return { status: 200, html: renderInvoice(core, invoice, emptyCardFields, {}) };
  const fields = readCardFields(body);
  const { errors, expiry } = checkCardFields(fields, core.clock.now());
  if (Object.keys(errors).length > 0) return { status: 400, html: renderInvoice(core, invoice, fields, errors) };
  const lookup = lookupCard(fields.cardNumber);
  if (!lookup.ok) return { status: 402, html: renderInvoice(core, invoice, fields, { cardNumber: lookup.decline.message }) };
  const customer = core.store.customers.get(String(invoice.customer));
  const paymentMethod = savePaymentMethod(core, lookup.card, { email: invoice.customer_email, name: invoice.customer_name ?? null }, expiry ?? defaultExpiry(core));
  if (customer) attachPaymentMethod(core, paymentMethod, customer);
  const outcome = collectInvoice(core, invoice, "manual", paymentMethod);
  if (outcome.decline) return { status: 402, html: renderInvoice(core, invoice, fields, { cardNumber: outcome.decline.message }) };
  return { redirect: invoice.hosted_invoice_url ?? `/i/${invoice.id}` };
}

/** The invoice as a one-page PDF, as `invoice_pdf` links to. */
export function invoicePdf(core: Core, invoiceId: string): Promise<Buffer> | null {
  const invoice = core.store.invoices.get(invoiceId);
  if (!invoice || invoice.status === "draft") return null;
  const money = (amount: number) => formatMoney(amount, invoice.currency);
  const document = new PDFDocument({ size: "A4", margin: 50, info: { Title: `Invoice ${invoice.number ?? invoice.id}` } });
  const chunks: Buffer[] = [];
  document.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => document.on("end", () => resolve(Buffer.concat(chunks))));
  document.fontSize(20).text("Invoice").moveDown(0.5);
  document.fontSize(10).text(`Invoice number ${invoice.number ?? ""}`);
  document.text(`Date of issue ${formatDate(invoice.status_transitions.finalized_at ?? invoice.created)}`);
  document.text(`Status ${String(invoice.status)}`).moveDown();
  document.text(core.accountName).text(`Bill to: ${invoice.customer_name ?? ""} ${invoice.customer_email ?? ""}`).moveDown();
  for (const line of invoice.lines.data) {
    document.text(`${line.description ?? ""} (${formatDate(line.period.start)} – ${formatDate(line.period.end)})    ${money(line.amount)}`);
  }
  document.moveDown();
  document.text(`Subtotal ${money(invoice.subtotal)}`);
  const tax = invoiceTax(invoice);
  if (tax !== 0) document.text(`Tax ${money(tax)}`);
  document.text(`Total ${money(invoice.total)}`);
  document.text(`Amount paid ${money(invoice.amount_paid)}`);
  document.text(`Amount remaining ${money(invoice.amount_remaining)}`);
  document.end();
  return done;
}

export function receiptPage(core: Core, chargeId: string): PageResult {
  const charge = core.store.charges.get(chargeId);
  if (!charge || charge.status !== "succeeded") return { status: 404, html: notFoundPage("Receipt") };
  const money = (amount: number) => escapeHtml(formatMoney(amount, charge.currency));
  const card = charge.payment_method_details?.card;
  const refunds = core.store.refunds
    .all()
    .filter((refund) => refund.charge === charge.id)
    .map((refund) => `<tr><td>Refund on ${escapeHtml(formatDate(refund.created))}</td><td class="num">−${money(refund.amount)}</td></tr>`)
    .join("");
  return {
    status: 200,
    html: page(
      `Receipt from ${core.accountName}`,
      `<div class="card"><p class="muted">Receipt from ${escapeHtml(core.accountName)}</p><h1>${money(charge.amount)}</h1>
<p class="muted">Paid on ${escapeHtml(formatDate(charge.created))} with ${escapeHtml(brandName(card?.brand))} •••• ${escapeHtml(card?.last4 ?? "")}</p>
<table><tr><td>${escapeHtml(charge.description ?? "Payment")}</td><td class="num">${money(charge.amount)}</td></tr>${refunds}
<tr class="total"><td>Net</td><td class="num">${money(charge.amount - charge.amount_refunded)}</td></tr></table></div>`,
    ),
  };
}
