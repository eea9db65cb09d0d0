import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { formatMoney } from "~/modules/billing/format-money";
import { limitLabels, planCurrency, plans, trialLimits, type PlanLimits } from "~/modules/billing/plans";
import billingStyles from "~/styles/billing.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: billingStyles }];

export const meta: MetaFunction = () => [
  { title: "Pricing · Kiana WhatsApp Panel" },
  { name: "description", content: "Plans and prices of Kiana WhatsApp Panel: messages per month, WhatsApp numbers and seats." },
];

function Limits({ limits }: { limits: PlanLimits }) {
  return (
    <ul>
      <li>{limits.messagesPerMonth.toLocaleString("en-US")} {limitLabels.messagesPerMonth.noun}</li>
      <li>{limits.phoneNumbers.toLocaleString("en-US")} {limitLabels.phoneNumbers.unit(limits.phoneNumbers)}</li>
      <li>{limits.seats.toLocaleString("en-US")} {limitLabels.seats.unit(limits.seats)}</li>
    </ul>
  );
}

export default function Pricing() {
  return (
    <main className="pricing">
      <h1>Pricing</h1>
      <p>
        Every workspace starts with a free trial ({trialLimits.messagesPerMonth.toLocaleString("en-US")} messages, {trialLimits.phoneNumbers} WhatsApp numbers,{" "}
        {trialLimits.seats} seats). Choose a plan from your workspace's billing page at any time; prices are in {planCurrency.toUpperCase()}, before any tax.
      </p>
      <div className="plan-grid">
        {plans.map((plan) => (
          <section key={plan.key} className="card plan-card" aria-labelledby={`plan-${plan.key}`}>
            <h2 id={`plan-${plan.key}`}>{plan.name}</h2>
            <p className="plan-price">
              <strong>{formatMoney(plan.prices.month.amount, planCurrency)}</strong> per month
            </p>
            <p className="muted">or {formatMoney(plan.prices.year.amount, planCurrency)} per year</p>
            <p>{plan.summary}</p>
            <Limits limits={plan.limits} />
          </section>
        ))}
      </div>
      <p className="muted">
        This page is for information, as our <Link to="/terms">terms</Link> say: subscribing, changing plans and cancelling happen after you sign in, through Stripe.
      </p>
      <p className="row-actions">
        <Link className="button" to="/signup">Start a free trial</Link>
        <Link className="button secondary" to="/login">Log in</Link>
      </p>
    </main>
  );
}
