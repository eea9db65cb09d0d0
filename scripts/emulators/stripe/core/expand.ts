// `expand[]` on any response: dotted paths replace ids with the objects they name, walk into lists
// through `data`, and fill Stripe's "includable" fields (invoice.payments, session line_items ...).
import type { Core } from "./context";
import { invalidRequest } from "./errors";
import { snapshot } from "./events";
import { list } from "./lists";

type Node = Record<string, unknown>;

/** Fields absent unless expanded, computed from the store when asked for. */
const includable: Record<string, Record<string, (core: Core, owner: Node) => unknown>> = {
  invoice: {
    payments: (core, owner) =>
      list(
        core.store.invoicePayments.newestFirst().filter((payment) => payment.invoice === owner.id),
        `/v1/invoice_payments?invoice=${String(owner.id)}`,
      ),
  },
  "checkout.session": {
    line_items: (core, owner) => list(core.store.checkoutDetails.get(String(owner.id))?.lineItems ?? [], `/v1/checkout/sessions/${String(owner.id)}/line_items`),
  },
  charge: {
    refunds: (core, owner) =>
      list(
        core.store.refunds.newestFirst().filter((refund) => refund.charge === owner.id),
        `/v1/charges/${String(owner.id)}/refunds`,
      ),
  },
  customer: {
    subscriptions: (core, owner) =>
      list(
        core.store.subscriptions.newestFirst().filter((subscription) => subscription.customer === owner.id && subscription.status !== "canceled"),
        `/v1/customers/${String(owner.id)}/subscriptions`,
      ),
  },
};

const maxDepth = 4;

function cannotExpand(path: string): never {
  throw invalidRequest(`This property cannot be expanded (${path}).`, { param: "expand" });
}

function expandPath(core: Core, value: unknown, segments: string[], walked: string[], depth: number): void {
  if (segments.length === 0 || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const element of value) expandPath(core, element, segments, walked, depth);
    return;
  }
  if (typeof value !== "object") return;
  const node = value as Node;
  const [field = "", ...rest] = segments;
  const path = [...walked, field];
  let child = node[field];
  if (child === undefined) {
    const include = includable[String(node.object)]?.[field];
    if (!include) cannotExpand(path.join("."));
    child = include(core, node);
    node[field] = child;
  } else if (typeof child === "string") {
    if (depth >= maxDepth) {
      throw invalidRequest(`You cannot expand more than ${maxDepth} levels of a property. Property: ${path.join(".")}`, { param: "expand" });
    }
    const target = core.store.find(child);
    if (!target) cannotExpand(path.join("."));
    child = snapshot(target);
    node[field] = child;
    expandPath(core, child, rest, path, depth + 1);
    return;
  }
  expandPath(core, child, rest, path, depth);
}

/** Applies every `expand[]` path to `response`, which the caller owns (a copy, not a stored object). */
export function expand(core: Core, response: unknown, paths: string[]): unknown {
  for (const path of paths) expandPath(core, response, path.split("."), [], 0);
  return response;
}
