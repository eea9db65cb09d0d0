// What happens as the emulator's clock moves: renewals (and trial conversions) at period end,
// cancellations at `cancel_at`, payment retries, trial-ending notices and Checkout expiry, run in
// time order with the clock set to each moment, so a jump of a year replays twelve renewals.
import type { Core } from "../core/context";
import { change, emit } from "../core/events";
import type { Invoice, Subscription } from "../core/types";
import { expireCheckoutSession } from "./checkout";
import { collectInvoice, finalizeAndCollect } from "./collection";
import { draftInvoice } from "./invoices";
import { nextPeriodEnd } from "./periods";
import { billingInterval, currentPeriod, endSubscription, isLive, periodLines, primaryPrice, setPeriod } from "./subscriptions";

const daySeconds = 86_400;
const trialWillEndNotice = 3 * daySeconds;

interface DueWork {
  at: number;
  run: () => void;
}

/** Moves the subscription into its next period and bills it; a trial converts to active here. */
export function renewSubscription(core: Core, subscription: Subscription): void {
  const customer = core.store.customers.get(String(subscription.customer));
  if (!customer) return;
  const ended = currentPeriod(subscription);
  const { interval, count } = billingInterval(primaryPrice(subscription));
  const next = { start: ended.end, end: nextPeriodEnd(subscription.billing_cycle_anchor, ended.end, interval, count) };
  let invoice: Invoice | undefined;
  change(core, "customer.subscription.updated", subscription, (target) => {
    setPeriod(target, next);
    if (target.status === "trialing") target.status = "active";
    invoice = draftInvoice(core, { customer, subscription: target, billingReason: "subscription_cycle", lines: periodLines(core, target, next, false), period: ended });
    target.latest_invoice = invoice.id;
  });
  // Stripe keeps drafting invoices for an unpaid subscription but stops collecting them.
  if (!invoice || subscription.status === "unpaid") return;
  finalizeAndCollect(core, invoice);
}

function subscriptionWork(core: Core, subscription: Subscription, consider: (at: number, run: () => void) => void): void {
  if (!isLive(subscription)) return;
  const bookkeeping = core.store.bookkeeping(subscription.id);
  const trialEnd = subscription.trial_end;
  if (subscription.status === "trialing" && trialEnd !== null && bookkeeping.trialWillEndSentFor !== trialEnd) {
    consider(Math.max(trialEnd - trialWillEndNotice, subscription.trial_start ?? subscription.created), () => {
      bookkeeping.trialWillEndSentFor = trialEnd;
      emit(core, "customer.subscription.trial_will_end", subscription);
    });
  }
  const periodEnd = currentPeriod(subscription).end;
  if (subscription.cancel_at !== null && subscription.cancel_at <= periodEnd) {
    consider(subscription.cancel_at, () => endSubscription(core, subscription, "cancellation_requested"));
    return;
  }
  consider(periodEnd, () => renewSubscription(core, subscription));
}

/** The earliest piece of scheduled work due at or before `until`; ties go to what was found first. */
function nextDue(core: Core, until: number): DueWork | null {
  let best: DueWork | null = null;
  const consider = (at: number, run: () => void) => {
    if (at <= until && (best === null || at < best.at)) best = { at, run };
  };
  for (const subscription of core.store.subscriptions.all()) subscriptionWork(core, subscription, consider);
  for (const invoice of core.store.invoices.all()) {
    const retryAt = invoice.next_payment_attempt;
    if (invoice.status === "open" && retryAt !== null) consider(retryAt, () => collectInvoice(core, invoice, "automatic"));
  }
  for (const session of core.store.checkoutSessions.all()) {
    if (session.status === "open") consider(session.expires_at, () => expireCheckoutSession(core, session));
  }
  return best;
}

// A guard against a bug looping forever: far more steps than years of daily renewals would need.
const maxSteps = 100_000;

/** Runs everything scheduled up to `target` in time order, then leaves the clock at `target`. */
export function advanceTo(core: Core, target: number): void {
  for (let step = 0; step < maxSteps; step++) {
    const due = nextDue(core, target);
    if (!due) {
      core.clock.moveTo(target);
      return;
    }
    core.clock.moveTo(due.at);
    due.run();
  }
  throw new Error(`Clock advance to ${target} did not settle after ${maxSteps} steps`);
}

/** Runs whatever is already due (a trial ended "now", a cancellation at the current second). */
export function runDueWork(core: Core): void {
  advanceTo(core, core.clock.now());
}
