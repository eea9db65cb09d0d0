// The customer block printed on statements and receipts, from the billing details the owners keep
// (the workspace name stands in until they enter a business name).

export interface BillingDetails {
  billingEmail: string | null;
  businessName: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
  taxId: string | null;
}

export function describeBilledTo(details: BillingDetails | null, workspaceName: string): string[] {
  const cityLine = [details?.postalCode, details?.city].filter(Boolean).join(" ");
  return [
    details?.businessName || workspaceName,
    details?.addressLine1,
    details?.addressLine2,
    cityLine,
    details?.country,
    details?.taxId ? `Tax ID: ${details.taxId}` : null,
    details?.billingEmail,
  ].filter((line): line is string => Boolean(line));
}
