import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { formatDate } from "~/lib/dates";
import { isLiveSubscription } from "~/modules/billing/decide-access";
import { formatMoney } from "~/modules/billing/format-money";
import { openBillingPortal } from "~/modules/billing/open-billing-portal.server";
import { limitLabels, planCurrency, plans, type LimitName } from "~/modules/billing/plans";
import { readBillingOverview } from "~/modules/billing/read-billing-overview.server";
import { startCheckout } from "~/modules/billing/start-checkout.server";
import { syncCheckoutReturn } from "~/modules/billing/sync-checkout-return.server";
import { updateBillingDetails } from "~/modules/billing/update-billing-details.server";
import { requireWorkspace, roleRank } from "~/modules/workspaces/memberships.server";
import billingStyles from "~/styles/billing.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: billingStyles }];

export const meta: MetaFunction = () => [{ title: "Billing · Kiana WhatsApp Panel" }];

const checkoutNotices: Record<string, string> = {
  success: "Thank you: your payment went through and the plan is active.",
  pending: "Stripe is confirming the payment; this page shows the plan as soon as it is confirmed.",
  canceled: "Checkout was left without paying. Nothing was charged and your plan is unchanged.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const isAdmin = roleRank[access.role] >= roleRank.admin;
  const url = new URL(request.url);
  const checkout = url.searchParams.get("checkout");
  const sessionId = url.searchParams.get("session_id");
  if (checkout === "success" && sessionId) {
    // Read the paid session now, then load the page afresh so every part of it (the shell included) shows the new plan.
    const synced = isAdmin && (await syncCheckoutReturn(access, sessionId));
    throw redirect(`${url.pathname}?checkout=${synced ? "success" : "pending"}`);
  }
  const overview = await readBillingOverview(access);
  const { decision, subscription } = overview;
  const lastPayment = overview.payments.find((payment) => payment.kind === "payment");
  return json({
    isAdmin,
    workspaceSlug: access.workspace.slug,
    checkoutNotice: checkout ? (checkoutNotices[checkout] ?? null) : null,
    access: { state: decision.state, allowed: decision.allowed, reason: decision.reason, allowanceName: decision.allowanceName, limits: decision.limits, planKey: decision.plan?.key ?? null },
    subscription: subscription
      ? { status: subscription.status, live: isLiveSubscription(subscription.status), interval: subscription.interval, currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null, cancelAtPeriodEnd: subscription.cancelAtPeriodEnd }
      : null,
    hasCustomer: overview.hasCustomer,
    usage: { messagesThisMonth: overview.messagesThisMonth, phoneNumbers: overview.usage.phoneNumbers, seats: overview.usage.seats },
    details: overview.details,
    declined: lastPayment?.status === "failed" ? (lastPayment.failureMessage ?? "The card was declined.") : null,
    invoices: isAdmin ? overview.invoices.map((invoice) => ({ ...invoice, createdAt: invoice.createdAt.toISOString(), periodStart: invoice.periodStart?.toISOString() ?? null, periodEnd: invoice.periodEnd?.toISOString() ?? null })) : [],
    payments: isAdmin ? overview.payments.map((payment) => ({ ...payment, createdAt: payment.createdAt.toISOString() })) : [],
    statementMonths: isAdmin ? overview.statementMonths : [],
  });
}

type ActionData = { notice?: string; errors: Record<string, string | undefined>; intent?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  switch (form.get("intent")) {
    case "subscribe": {
      const result = await startCheckout(access, Object.fromEntries(form));
      if (!result.ok) return json<ActionData>({ errors: result.errors, intent: "subscribe" }, { status: 400 });
      return redirect(result.url);
    }
    case "manage": {
      const result = await openBillingPortal(access);
      if (!result.ok) return json<ActionData>({ errors: { manage: result.error }, intent: "manage" }, { status: 400 });
      return redirect(result.url);
    }
    case "details": {
      const result = await updateBillingDetails(access, Object.fromEntries(form));
      if (!result.ok) return json<ActionData>({ errors: result.errors, intent: "details" }, { status: 400 });
      return json<ActionData>({ notice: "Billing details saved. Receipts and statements issued from now on show them.", errors: {}, intent: "details" });
    }
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

function monthLabel(month: string): string {
  return formatDate(`${month}-01T00:00:00Z`, "longDate").replace(/^1 /, "");
}

const statusLabels: Record<string, string> = {
  trial: "Free trial",
  trialing: "Trial",
  active: "Active",
  grace: "Payment overdue",
  locked: "Locked",
};

export default function Billing() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const live = data.subscription?.live ?? false;
  const usage: { name: LimitName; used: number }[] = [
    { name: "messagesPerMonth", used: data.usage.messagesThisMonth },
    { name: "phoneNumbers", used: data.usage.phoneNumbers },
    { name: "seats", used: data.usage.seats },
  ];
  return (
    <section className="billing">
      <h1>Billing</h1>
      {data.checkoutNotice ? <p className="notice" role="status">{data.checkoutNotice}</p> : null}
      {result?.notice ? <p className="notice" role="status">{result.notice}</p> : null}
      {data.declined ? (
        <div className="form-error" role="alert">
          <strong>Your last payment did not go through:</strong> {data.declined}
        </div>
      ) : null}

      <div className="card">
        <h2>Plan</h2>
        <p>
          <span className={`badge billing-${data.access.state}`}>{statusLabels[data.access.state]}</span>{" "}
          <strong>{data.access.allowanceName.replace(/^./, (c) => c.toUpperCase())}</strong>
          {data.subscription?.interval ? <span className="muted"> · billed {data.subscription.interval === "year" ? "yearly" : "monthly"}</span> : null}
        </p>
        <p>{data.access.reason}</p>
        {data.subscription?.currentPeriodEnd && live ? (
          <p>
            {data.subscription.cancelAtPeriodEnd ? "Ends on " : "Renews on "}
            <strong>{formatDate(data.subscription.currentPeriodEnd, "longDate")}</strong>
            {data.subscription.cancelAtPeriodEnd ? " (cancellation scheduled; you keep full use until then)." : "."}
          </p>
        ) : null}
        <h3>Usage</h3>
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th>Limit</th><th>In use</th><th>Included</th></tr>
            </thead>
            <tbody>
              {usage.map((row) => (
                <tr key={row.name}>
                  <td>{limitLabels[row.name].noun.replace(/^./, (c) => c.toUpperCase())}</td>
                  <td>{row.used.toLocaleString("en-US")}</td>
                  <td>{data.access.limits[row.name].toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {data.isAdmin && data.hasCustomer ? (
          <SafeForm className="inline-form">
            <input type="hidden" name="intent" value="manage" />
            <SubmitButton className="button secondary">Manage subscription</SubmitButton>
            <p className="hint">Change the plan or the card, see Stripe's invoices, or cancel, on Stripe's secure page.</p>
            {errors.manage ? <p className="field-error" role="alert">{errors.manage}</p> : null}
          </SafeForm>
        ) : null}
        {!data.isAdmin ? <p className="muted">Only owners and admins of the workspace can change the plan.</p> : null}
      </div>

      {data.isAdmin && !live ? (
        <div className="card">
          <h2>Choose a plan</h2>
          <FormError error={result?.intent === "subscribe" ? (errors.form ?? errors.plan ?? errors.interval) : undefined} />
          <p className="muted">You pay on Stripe's secure checkout page and come back here. Prices in {planCurrency.toUpperCase()}.</p>
          <div className="plan-grid">
            {plans.map((plan) => (
              <div key={plan.key} className="plan-card">
                <h3>{plan.name}</h3>
                <p>{plan.summary}</p>
                <p className="muted">
                  {plan.limits.messagesPerMonth.toLocaleString("en-US")} messages a month · {plan.limits.phoneNumbers} {limitLabels.phoneNumbers.unit(plan.limits.phoneNumbers)} · {plan.limits.seats} {limitLabels.seats.unit(plan.limits.seats)}
                </p>
                <div className="button-row">
                  {(["month", "year"] as const).map((interval) => (
                    <SafeForm key={interval} className="inline-form">
                      <input type="hidden" name="intent" value="subscribe" />
                      <input type="hidden" name="plan" value={plan.key} />
                      <input type="hidden" name="interval" value={interval} />
                      <SubmitButton className={interval === "month" ? "button" : "button secondary"} aria-label={`Subscribe to ${plan.name} ${interval === "month" ? "monthly" : "yearly"}`}>
                        {formatMoney(plan.prices[interval].amount, planCurrency)} / {interval}
                      </SubmitButton>
                    </SafeForm>
                  ))}
                </div>
              </div>
            ))}
          </div>
        </div>
      ) : null}

      {data.isAdmin ? (
        <>
          <div className="card">
            <h2>Invoices</h2>
            {data.invoices.length === 0 ? (
              <p className="empty-state">No invoices yet. Your first invoice appears here when you subscribe to a plan.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr><th>Date</th><th>Invoice</th><th className="optional">Period</th><th>Status</th><th>Amount</th><th>Receipt</th></tr>
                  </thead>
                  <tbody>
                    {data.invoices.map((invoice) => (
                      <tr key={invoice.stripeInvoiceId}>
                        <td>{formatDate(invoice.createdAt)}</td>
                        <td>{invoice.hostedInvoiceUrl ? <a href={invoice.hostedInvoiceUrl} rel="noreferrer" target="_blank">{invoice.number ?? invoice.stripeInvoiceId}</a> : (invoice.number ?? invoice.stripeInvoiceId)}</td>
                        <td className="optional">{invoice.periodStart && invoice.periodEnd ? `${formatDate(invoice.periodStart)} – ${formatDate(invoice.periodEnd)}` : ""}</td>
                        <td>{invoice.status}{invoice.refunded > 0 ? ` · ${formatMoney(invoice.refunded, invoice.currency)} refunded` : ""}</td>
                        <td>{formatMoney(invoice.total, invoice.currency)}</td>
                        <td>
                          {invoice.status === "paid" ? (
                            <a href={`/w/${data.workspaceSlug}/settings/billing/receipts/${invoice.stripeInvoiceId}`} download>Download receipt</a>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>

          <div className="card">
            <h2>Payments and refunds</h2>
            {data.payments.length === 0 ? (
              <p className="empty-state">No payments yet.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr><th>Date</th><th>Kind</th><th>Card</th><th className="optional">Invoice</th><th>Status</th><th>Amount</th></tr>
                  </thead>
                  <tbody>
                    {data.payments.map((payment) => (
                      <tr key={payment.stripeId}>
                        <td>{formatDate(payment.createdAt, "dateTime")}</td>
                        <td>{payment.kind === "refund" ? "Refund" : "Payment"}</td>
                        <td>{payment.cardLast4 ? `${payment.cardBrand ?? "Card"} ending ${payment.cardLast4}` : ""}</td>
                        <td className="optional">{payment.invoiceNumber ?? ""}</td>
                        <td>{payment.status}{payment.failureMessage ? `: ${payment.failureMessage}` : ""}</td>
                        <td>{payment.kind === "refund" ? "−" : ""}{formatMoney(payment.amount, payment.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>

          <div className="card">
            <h2>Statements</h2>
            {data.statementMonths.length === 0 ? (
              <p className="empty-state">Your first monthly statement is ready on the 1st of next month.</p>
            ) : (
              <ul className="statement-list">
                {data.statementMonths.map((month) => (
                  <li key={month}>
                    <a href={`/w/${data.workspaceSlug}/settings/billing/statements/${month}`} download>Statement for {monthLabel(month)} (PDF)</a>
                  </li>
                ))}
              </ul>
            )}
          </div>

          <div className="card">
            <h2>Billing details</h2>
            <p className="muted">Receipts are emailed to the billing email (the owners when it is empty); the business details are printed on receipts and statements.</p>
            <SafeForm noValidate>
              <input type="hidden" name="intent" value="details" />
              <FormError error={result?.intent === "details" ? errors.form : undefined} />
              <Field label="Billing email" name="billingEmail" type="email" autoComplete="email" defaultValue={data.details?.billingEmail ?? ""} error={errors.billingEmail} />
              <Field label="Business name" name="businessName" autoComplete="organization" defaultValue={data.details?.businessName ?? ""} error={errors.businessName} hint="As it should appear on documents; Arabic names are printed as written." />
              <Field label="Address line 1" name="addressLine1" autoComplete="address-line1" defaultValue={data.details?.addressLine1 ?? ""} error={errors.addressLine1} />
              <Field label="Address line 2" name="addressLine2" autoComplete="address-line2" defaultValue={data.details?.addressLine2 ?? ""} error={errors.addressLine2} />
              <Field label="City" name="city" autoComplete="address-level2" defaultValue={data.details?.city ?? ""} error={errors.city} />
              <Field label="Postal code" name="postalCode" autoComplete="postal-code" defaultValue={data.details?.postalCode ?? ""} error={errors.postalCode} />
              <Field label="Country" name="country" autoComplete="country-name" defaultValue={data.details?.country ?? ""} error={errors.country} />
              <Field label="Tax ID" name="taxId" autoComplete="off" defaultValue={data.details?.taxId ?? ""} error={errors.taxId} />
              <SubmitButton>Save billing details</SubmitButton>
            </SafeForm>
          </div>
        </>
      ) : null}
      <p className="muted"><Link to="/pricing">Compare the plans</Link></p>
    </section>
  );
}
