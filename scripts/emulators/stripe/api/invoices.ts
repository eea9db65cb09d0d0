// /v1/invoices and /v1/invoice_payments: invoices with their lines, tax and totals, a manual payment
// attempt (`pay`), and the payment attempts behind each invoice.
import { invalidRequest, resourceMissing } from "../core/errors";
import { paginate, pagination } from "../core/lists";
import { inRange, oneOf, params, parseParams, rangeQuery, text } from "../core/params";
import { cardError } from "../domain/cards";
import { collectInvoice } from "../domain/collection";
import { invoiceSubscriptionId, requireInvoice } from "../domain/invoices";
import { route, type Route } from "../http/router";

const InvoiceList = params({
  ...pagination,
  customer: text.optional(),
  subscription: text.optional(),
  status: oneOf(["draft", "open", "paid", "uncollectible", "void"]).optional(),
  collection_method: oneOf(["charge_automatically", "send_invoice"]).optional(),
  created: rangeQuery.optional(),
});
const InvoicePay = params({ payment_method: text.optional() });
const InvoicePaymentList = params({
  ...pagination,
  invoice: text.optional(),
  status: oneOf(["canceled", "open", "paid"]).optional(),
  payment: params({ type: oneOf(["payment_intent"]), payment_intent: text.optional() }).optional(),
});

export const invoiceRoutes: Route[] = [
  route("GET", "/v1/invoices/:id", ({ core, params: path }) => requireInvoice(core, path.id ?? "")),
  route("GET", "/v1/invoices", ({ core, input }) => {
    const query = parseParams(InvoiceList, input);
    const found = core.store.invoices
      .newestFirst()
      .filter(
        (invoice) =>
          (query.customer === undefined || invoice.customer === query.customer) &&
          (query.subscription === undefined || invoiceSubscriptionId(invoice) === query.subscription) &&
          (query.status === undefined || invoice.status === query.status) &&
          (query.collection_method === undefined || invoice.collection_method === query.collection_method) &&
          inRange(invoice.created, query.created),
      );
    return paginate(found, query, "/v1/invoices");
  }),
  route("GET", "/v1/invoices/:id/lines", ({ core, params: path, input }) => {
    const invoice = requireInvoice(core, path.id ?? "");
    const query = parseParams(params(pagination), input);
    return paginate(invoice.lines.data, query, `/v1/invoices/${invoice.id}/lines`);
  }),
  route("POST", "/v1/invoices/:id/pay", ({ core, params: path, input }) => {
    const invoice = requireInvoice(core, path.id ?? "");
    const body = parseParams(InvoicePay, input);
    if (invoice.status === "paid") throw invalidRequest("Invoice is already paid", { code: "invoice_already_paid" });
    if (invoice.status !== "open") throw invalidRequest(`You can only pay an invoice that is open. This invoice is ${String(invoice.status)}.`, { code: "invoice_not_editable" });
    let paymentMethod;
    if (body.payment_method) {
      paymentMethod = core.store.paymentMethods.get(body.payment_method);
      if (!paymentMethod) throw resourceMissing(body.payment_method, "payment_method", "PaymentMethod");
    }
    const outcome = collectInvoice(core, invoice, "manual", paymentMethod);
    if (outcome.decline) {
      throw cardError(outcome.decline, { charge: outcome.charge?.id, payment_intent: structuredClone(outcome.paymentIntent) });
    }
    return invoice;
  }),
  route("GET", "/v1/invoice_payments/:id", ({ core, params: path }) => {
    const id = path.id ?? "";
    const payment = core.store.invoicePayments.get(id);
    if (!payment) throw resourceMissing(id, "id", "invoice payment");
    return payment;
  }),
  route("GET", "/v1/invoice_payments", ({ core, input }) => {
    const query = parseParams(InvoicePaymentList, input);
    const found = core.store.invoicePayments
      .newestFirst()
      .filter(
        (payment) =>
          (query.invoice === undefined || payment.invoice === query.invoice) &&
          (query.status === undefined || payment.status === query.status) &&
          (query.payment?.payment_intent === undefined || payment.payment.payment_intent === query.payment.payment_intent),
      );
    return paginate(found, query, "/v1/invoice_payments");
  }),
];
