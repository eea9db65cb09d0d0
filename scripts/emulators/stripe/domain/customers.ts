// Customers: creation with Stripe's defaults (invoice prefix, sequence, settings), updates that emit
// `customer.updated` with previous attributes, and deletion that leaves Stripe's deleted stub.
import type { Core } from "../core/context";
import { resourceMissing } from "../core/errors";
import { change, emit } from "../core/events";
import { newId, randomBase62 } from "../core/ids";
import type { Customer } from "../core/types";

export interface CustomerInput {
  email?: string | null;
  name?: string | null;
  description?: string | null;
  phone?: string | null;
  metadata?: Record<string, string>;
  preferredLocales?: string[];
}

export function createCustomer(core: Core, input: CustomerInput): Customer {
  const customer: Customer = {
    id: newId("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: core.clock.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email ?? null,
    invoice_prefix: randomBase62(8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: input.preferredLocales ?? [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  core.store.customers.add(customer);
  emit(core, "customer.created", customer);
  return customer;
}

export function requireCustomer(core: Core, id: string, param = "id"): Customer {
  const customer = core.store.customers.get(id);
  if (!customer) throw resourceMissing(id, param, "customer");
  return customer;
}

export function updateCustomer(core: Core, customer: Customer, apply: (target: Customer) => void): Customer {
  change(core, "customer.updated", customer, apply);
  return customer;
}

/** Deletes the customer record; the caller has ended its subscriptions first, as Stripe does. */
export function deleteCustomer(core: Core, customer: Customer): { id: string; object: "customer"; deleted: true } {
  core.store.customers.delete(customer.id);
  const stub = { id: customer.id, object: "customer" as const, deleted: true as const };
  core.store.deletedCustomers.set(customer.id, stub);
  emit(core, "customer.deleted", customer);
  return stub;
}

/** Customer-facing invoice numbers: the customer's prefix and a per-customer sequence. */
export function nextInvoiceNumber(customer: Customer): string {
  const sequence = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = sequence + 1;
  return `${customer.invoice_prefix ?? "INV"}-${String(sequence).padStart(4, "0")}`;
}
