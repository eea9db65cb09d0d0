// The customer portal at a portal session's `url`: the current plan with its renewal or end date,
// change plan, cancel at period end (or keep it), replace the card, the invoice history, and a link
// back to `return_url`. Every action posts, then redirects back here with a notice.
import type { Core } from "../core/context";
import type { Customer, PortalSession, Price, Subscription } from "../core/types";
import { brandName } from "../domain/cards";
import { productName } from "../domain/catalog";
import { formatDate, formatMoney } from "../domain/money";
import { paymentMethodFor } from "../domain/payments";
import { portalSubscriptions, replaceCard, switchablePrices, switchPlan } from "../domain/portal";
import { currentPeriod, setCancelAtPeriodEnd } from "../domain/subscriptions";
import { escapeHtml, field, notFoundPage, page } from "./layout";
import type { PageResult } from "./result";

const notices: Record<string, string> = {
  "plan-changed": "Your plan has been updated.",
  canceled: "Your plan will be canceled at the end of the billing period.",
  renewed: "Your plan will renew as usual.",
  "card-updated": "Your card has been updated.",
};

function priceLabel(core: Core, price: Price): string {
  const interval = price.recurring?.interval ?? "month";
  return `${productName(core, price)} – ${formatMoney(price.unit_amount ?? 0, price.currency)} / ${interval}`;
}

/** What a re-rendered page shows after a refused action, beside the field at fault. */
interface PortalState {
  notice: string | null;
  cardNumber: string;
  cardError: string | null;
  planError: { subscription: string; message: string } | null;
}

const freshState: PortalState = { notice: null, cardNumber: "", cardError: null, planError: null };

function subscriptionCard(core: Core, session: PortalSession, subscription: Subscription, planError: string | null): string {
  const item = subscription.items.data[0];
  if (!item) return "";
  const action = `/p/session/${encodeURIComponent(session.id)}`;
  const { end } = currentPeriod(subscription);
  const when = subscription.cancel_at
    ? `Your plan will be canceled on ${formatDate(subscription.cancel_at)}.`
    : subscription.status === "trialing"
      ? `Your trial ends on ${formatDate(subscription.trial_end ?? end)}.`
      : `Your plan renews on ${formatDate(end)}.`;
  const options = switchablePrices(core, subscription)
    .map((price) => `<option value="${escapeHtml(price.id)}"${price.id === item.price.id ? " selected" : ""}>${escapeHtml(priceLabel(core, price))}</option>`)
    .join("");
  const cancelForm = subscription.cancel_at_period_end
    ? `<form method="post" action="${action}"><input type="hidden" name="action" value="renew"><input type="hidden" name="subscription" value="${escapeHtml(subscription.id)}"><button type="submit">Don't cancel plan</button></form>`
    : `<form method="post" action="${action}"><input type="hidden" name="action" value="cancel"><input type="hidden" name="subscription" value="${escapeHtml(subscription.id)}"><button type="submit" class="secondary">Cancel plan</button></form>`;
  const selectId = `plan-${subscription.id}`;
  const errorId = `${selectId}-error`;
  const error = planError ? `<p class="error" id="${errorId}" role="alert">${escapeHtml(planError)}</p>` : "";
  return `<section class="card"><h2>Current plan</h2>
<p><strong>${escapeHtml(priceLabel(core, item.price))}</strong> <span class="badge ${escapeHtml(subscription.status)}">${escapeHtml(subscription.status.replace("_", " "))}</span></p>
<p class="muted">${escapeHtml(when)}</p>
<form method="post" action="${action}"><input type="hidden" name="action" value="change-plan"><input type="hidden" name="subscription" value="${escapeHtml(subscription.id)}">
<label for="${selectId}">New plan</label><select id="${selectId}" name="price"${planError ? ` aria-invalid="true" aria-describedby="${errorId}"` : ""}>${options}</select>${error}
<button type="submit">Change plan</button></form>
${cancelForm}</section>`;
}

function render(core: Core, session: PortalSession, customer: Customer, state: PortalState): string {
  const action = `/p/session/${encodeURIComponent(session.id)}`;
  const subscriptions = portalSubscriptions(core, customer.id);
  const savedCard = subscriptions.find((subscription) => subscription.default_payment_method)?.default_payment_method;
  const card = paymentMethodFor(core, customer, typeof savedCard === "string" ? savedCard : null)?.card;
  const invoices = core.store.invoices
    .newestFirst()
    .filter((invoice) => invoice.customer === customer.id && invoice.status !== "draft")
    .slice(0, 24)
    .map(
      (invoice) =>
        `<tr><td><a href="${escapeHtml(invoice.hosted_invoice_url ?? "")}">${escapeHtml(formatDate(invoice.created))}</a></td><td class="num">${escapeHtml(formatMoney(invoice.total, invoice.currency))}</td><td class="num"><span class="badge ${escapeHtml(String(invoice.status))}">${escapeHtml(String(invoice.status))}</span></td></tr>`,
    )
    .join("");
  const back = session.return_url ? `<a href="${escapeHtml(session.return_url)}">← Return to ${escapeHtml(core.accountName)}</a>` : "";
  return page(
    `${core.accountName} – Billing`,
    `<header><div>${back}</div></header>
${state.notice ? `<p class="notice" role="status">${escapeHtml(state.notice)}</p>` : ""}
<h1>${escapeHtml(core.accountName)}</h1><p class="muted">${escapeHtml(customer.email ?? "")}</p>
${subscriptions.map((subscription) => subscriptionCard(core, session, subscription, state.planError?.subscription === subscription.id ? state.planError.message : null)).join("") || `<section class="card"><h2>Current plan</h2><p>You have no active plan. Go back to ${escapeHtml(core.accountName)} to choose one.</p></section>`}
<section class="card"><h2>Payment method</h2>
<p>${card ? `${escapeHtml(brandName(card.brand))} •••• ${escapeHtml(card.last4)}, expires ${card.exp_month}/${card.exp_year}` : "No card on file."}</p>
<form method="post" action="${action}" novalidate><input type="hidden" name="action" value="update-card">
${field({ name: "cardNumber", label: "Card number", value: state.cardNumber, error: state.cardError, autocomplete: "cc-number", inputmode: "numeric", placeholder: "1234 1234 1234 1234" })}
<button type="submit">Update card</button></form></section>
<section class="card"><h2>Invoice history</h2>${invoices ? `<table>${invoices}</table>` : `<p class="muted">No invoices yet.</p>`}</section>`,
  );
}

export function portalPage(core: Core, sessionId: string, method: string, body: URLSearchParams, query: URLSearchParams = new URLSearchParams()): PageResult {
  const session = core.store.portalSessions.get(sessionId);
  const customer = session ? core.store.customers.get(session.customer) : undefined;
  if (!session || !customer) return { status: 404, html: notFoundPage("Billing portal session") };
  if (method !== "POST") return { status: 200, html: render(core, session, customer, { ...freshState, notice: notices[query.get("done") ?? ""] ?? null }) };

  const back = (done: string): PageResult => ({ redirect: `/p/session/${encodeURIComponent(session.id)}?done=${done}` });
  const action = body.get("action");
  if (action === "update-card") {
    const cardNumber = body.get("cardNumber") ?? "";
    if (cardNumber.trim() === "") return { status: 400, html: render(core, session, customer, { ...freshState, cardNumber, cardError: "Your card number is incomplete." }) };
    const result = replaceCard(core, customer, cardNumber);
    if (!result.ok) return { status: 402, html: render(core, session, customer, { ...freshState, cardNumber, cardError: result.decline.message }) };
    return back("card-updated");
  }
  const subscription = portalSubscriptions(core, customer.id).find((candidate) => candidate.id === body.get("subscription"));
  if (!subscription) return { status: 404, html: notFoundPage("Subscription") };
  if (action === "cancel" || action === "renew") {
    setCancelAtPeriodEnd(core, subscription, action === "cancel");
    return back(action === "cancel" ? "canceled" : "renewed");
  }
  if (action === "change-plan") {
    const price = switchablePrices(core, subscription).find((candidate) => candidate.id === body.get("price"));
    if (!price) {
      return { status: 400, html: render(core, session, customer, { ...freshState, planError: { subscription: subscription.id, message: "Choose one of the plans in the list." } }) };
    }
    switchPlan(core, subscription, price);
    return back("plan-changed");
  }
  return { status: 400, html: render(core, session, customer, { ...freshState, notice: "That action is not available here." }) };
}
