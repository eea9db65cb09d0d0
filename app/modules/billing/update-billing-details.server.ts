// Saves the billing details of a workspace (owners and admins): the email receipts go to and the
// business name, address and tax ID printed on receipts and statements.
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { inWorkspace, roleRank, type WorkspaceAccess } from "../workspaces/memberships.server";
import { BillingDetailsForm } from "./billing-details-form";

export async function updateBillingDetails(access: WorkspaceAccess, input: Record<string, unknown>): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  if (roleRank[access.role] < roleRank.admin) return { ok: false, errors: { form: "Only owners and admins can change the billing details" } };
  const parsed = BillingDetailsForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const details = parsed.data;
  await inWorkspace(access, (tx) => tx`
    insert into billing_accounts (workspace_id, billing_email, business_name, address_line1, address_line2, city, postal_code, country, tax_id)
    values (${access.workspace.id}, ${details.billingEmail}, ${details.businessName}, ${details.addressLine1}, ${details.addressLine2},
            ${details.city}, ${details.postalCode}, ${details.country}, ${details.taxId})
    on conflict (workspace_id) do update set
      billing_email = excluded.billing_email, business_name = excluded.business_name, address_line1 = excluded.address_line1,
      address_line2 = excluded.address_line2, city = excluded.city, postal_code = excluded.postal_code,
      country = excluded.country, tax_id = excluded.tax_id, updated_at = now()`);
  return { ok: true };
}
