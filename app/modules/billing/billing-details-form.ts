// The billing details owners and admins keep: where receipts go and what documents print.
import { z } from "zod";
import { billingIntervals, planKeys } from "./plans";

const optional = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is at most ${max} characters`)
    .transform((value) => value || null);

export const BillingDetailsForm = z.object({
  billingEmail: z
    .string()
    .trim()
    .max(254, "An email address is at most 254 characters")
    .refine((value) => value === "" || z.string().email().safeParse(value).success, "Enter an email address like billing@example.com")
    .transform((value) => value.toLowerCase() || null),
  businessName: optional(200, "The business name"),
  addressLine1: optional(200, "The address"),
  addressLine2: optional(200, "The address"),
  city: optional(100, "The city"),
  postalCode: optional(20, "The postal code"),
  country: optional(100, "The country"),
  taxId: optional(50, "The tax ID"),
});
export type BillingDetailsForm = z.infer<typeof BillingDetailsForm>;

export const SubscribeForm = z.object({
  plan: z.enum(planKeys, { errorMap: () => ({ message: "Choose a plan" }) }),
  interval: z.enum(billingIntervals, { errorMap: () => ({ message: "Choose monthly or yearly billing" }) }),
});
