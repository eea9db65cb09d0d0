// Tax as a single exclusive tax rate set by the emulator's `taxRatePercent`: one TaxRate object per
// percentage, and the per-line amounts Stripe reports in `taxes` and `total_taxes`.
import type { Core } from "../core/context";
import { emit } from "../core/events";
import { newId } from "../core/ids";
import type { InvoiceLineItem, TaxRate } from "../core/types";

export type LineTax = NonNullable<InvoiceLineItem["taxes"]>[number];

/** The tax rate in force, or null when tax is off; created on first use of a percentage. */
export function currentTaxRate(core: Core): TaxRate | null {
  const percentage = core.config.taxRatePercent;
  if (percentage <= 0) return null;
  const existing = core.store.taxRates.all().find((rate) => rate.percentage === percentage && rate.active);
  if (existing) return existing;
  const rate: TaxRate = {
    id: newId("txr"),
    object: "tax_rate",
    active: true,
    country: null,
    created: core.clock.now(),
    description: null,
    display_name: "Tax",
    effective_percentage: percentage,
    flat_amount: null,
    inclusive: false,
    jurisdiction: null,
    jurisdiction_level: null,
    livemode: false,
    metadata: {},
    percentage,
    rate_type: "percentage",
    state: null,
    tax_type: null,
  };
  core.store.taxRates.add(rate);
  emit(core, "tax_rate.created", rate);
  return rate;
}

/** Exclusive tax on `amount`, rounded half away from zero to the smallest currency unit. */
export function taxOn(amount: number, rate: TaxRate): number {
  const exact = (amount * rate.percentage) / 100;
  return Math.sign(exact) * Math.round(Math.abs(exact));
}

export function lineTaxes(amount: number, rate: TaxRate | null): LineTax[] {
  if (!rate) return [];
  return [
    {
      amount: taxOn(amount, rate),
      tax_behavior: "exclusive",
      tax_rate_details: { tax_rate: rate.id },
      taxability_reason: "standard_rated",
      taxable_amount: amount,
      type: "tax_rate_details",
    },
  ];
}
