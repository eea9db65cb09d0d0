// The hosted Checkout page at a session's `url`: what is bought and what is due today, the email and
// card form (a test card pays or declines, the error shown beside the card number), and redirects
// to `success_url` once paid; the cancel link goes back to `cancel_url`.
import type { Core } from "../core/context";
import type { CheckoutLineItem, CheckoutSession } from "../core/types";
import { completeCheckout, successRedirect } from "../domain/checkout";
import { formatMoney } from "../domain/money";
import { cardFieldsHtml, checkCardFields, emptyCardFields, readCardFields, type CardErrors, type CardFields } from "./card-form";
import { escapeHtml, field, notFoundPage, page } from "./layout";
import type { PageResult } from "./result";

interface CheckoutForm extends CardFields {
  email: string;
  name: string;
}

interface FormErrors extends CardErrors {
  email?: string;
}

function intervalText(item: CheckoutLineItem): string {
  const recurring = item.price?.recurring;
  if (!recurring) return "";
  return recurring.interval_count > 1 ? ` every ${recurring.interval_count} ${recurring.interval}s` : ` per ${recurring.interval}`;
}

function summary(core: Core, session: CheckoutSession): string {
  const details = core.store.checkoutDetails.get(session.id);
  const items = details?.lineItems ?? [];
  const currency = session.currency ?? "usd";
  const first = items[0];
  const recurringTotal = items.reduce((sum, item) => sum + item.amount_total, 0);
  const heading = first ? `Subscribe to ${escapeHtml(first.description)}` : "Subscribe";
  const trial = details?.trialPeriodDays
    ? `<p class="amount">${details.trialPeriodDays} days free</p><p class="muted">Then ${escapeHtml(formatMoney(recurringTotal, currency))}${first ? escapeHtml(intervalText(first)) : ""}</p>`
    : `<p class="amount">${escapeHtml(formatMoney(session.amount_total ?? 0, currency))}</p><p class="muted">${first ? `Billed${escapeHtml(intervalText(first))}` : ""}</p>`;
  const rows = items
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.description)}${(item.quantity ?? 1) > 1 ? ` × ${item.quantity ?? 1}` : ""}<div class="muted">${escapeHtml(formatMoney(item.price?.unit_amount ?? 0, currency))}${escapeHtml(first ? intervalText(item) : "")}</div></td><td class="num">${escapeHtml(formatMoney(item.amount_subtotal, currency))}</td></tr>`,
    )
    .join("");
  const tax = session.total_details?.amount_tax ?? 0;
  const taxRow = tax > 0 ? `<tr><td>Tax</td><td class="num">${escapeHtml(formatMoney(tax, currency))}</td></tr>` : "";
  return `<div class="card"><p class="muted">${escapeHtml(core.accountName)}</p><h1>${heading}</h1>${trial}
<table>${rows}<tr><td>Subtotal</td><td class="num">${escapeHtml(formatMoney(session.amount_subtotal ?? 0, currency))}</td></tr>${taxRow}
<tr class="total"><td>Total due today</td><td class="num">${escapeHtml(formatMoney(session.amount_total ?? 0, currency))}</td></tr></table></div>`;
}

function defaultEmail(core: Core, session: CheckoutSession): string {
  const customer = typeof session.customer === "string" ? core.store.customers.get(session.customer) : undefined;
  return customer?.email ?? session.customer_email ?? "";
}

function renderOpen(core: Core, session: CheckoutSession, form: CheckoutForm, errors: FormErrors): string {
  const locked = defaultEmail(core, session) !== "";
  const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">← Cancel and go back to ${escapeHtml(core.accountName)}</a></p>` : "";
  return page(
    `${core.accountName} – Checkout`,
    `${cancel}${summary(core, session)}
<form method="post" class="card" novalidate>
<h2>Pay with card</h2>
${field({ name: "email", label: "Email", type: "email", value: form.email, error: errors.email, autocomplete: "email", readonly: locked })}
${cardFieldsHtml(form, errors)}
${field({ name: "name", label: "Name on card", value: form.name, autocomplete: "cc-name" })}
<button type="submit">Subscribe</button>
<p class="muted">Test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined.</p>
</form>`,
  );
}

function renderClosed(core: Core, session: CheckoutSession): string {
  if (session.status === "complete") {
    return page(
      "Payment complete",
      `<div class="card"><h1>Thanks for subscribing</h1><p>This Checkout Session is complete.</p><p><a href="${escapeHtml(successRedirect(session))}">Continue to ${escapeHtml(core.accountName)}</a></p></div>`,
    );
  }
  const back = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Go back to ${escapeHtml(core.accountName)}</a></p>` : "";
  return page("Checkout expired", `<div class="card"><h1>This Checkout Session has expired</h1><p class="muted">Start again from ${escapeHtml(core.accountName)} to subscribe.</p>${back}</div>`);
}

export function checkoutPage(core: Core, sessionId: string, method: string, body: URLSearchParams): PageResult {
  const session = core.store.checkoutSessions.get(sessionId);
  if (!session) return { status: 404, html: notFoundPage("Checkout Session") };
  if (session.status !== "open") return { status: session.status === "complete" ? 200 : 410, html: renderClosed(core, session) };
  const email = defaultEmail(core, session);
  if (method !== "POST") return { status: 200, html: renderOpen(core, session, { ...emptyCardFields, email, name: "" }, {}) };

  const form: CheckoutForm = { ...readCardFields(body), email: email || (body.get("email") ?? "").trim(), name: (body.get("name") ?? "").trim() };
  const { errors, expiry } = checkCardFields(form, core.clock.now());
  const formErrors: FormErrors = { ...errors };
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email)) formErrors.email = form.email ? "Your email address is invalid." : "Your email is incomplete.";
  if (Object.keys(formErrors).length > 0) return { status: 400, html: renderOpen(core, session, form, formErrors) };
  const completion = completeCheckout(core, session, { email: form.email, name: form.name || null, cardNumber: form.cardNumber, expiry });
  if (!completion.ok) return { status: 402, html: renderOpen(core, session, form, { cardNumber: completion.decline.message }) };
  return { redirect: completion.redirectUrl };
}
