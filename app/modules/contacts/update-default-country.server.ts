// Changing a workspace's default country for phone numbers (owners and admins), and the list of
// countries the form offers, named in English with their calling codes.
import { getCountries, getCountryCallingCode } from "libphonenumber-js/max";
import { z } from "zod";
import { withWorkspace } from "../../../db/transactions";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { roleRank, type WorkspaceAccess } from "../workspaces/memberships.server";

const countries = getCountries();
const countryCodes = new Set<string>(countries);

export const DefaultCountryForm = z.object({
  defaultCountry: z
    .string()
    .transform((value) => value.trim().toUpperCase())
    .refine((value) => value === "" || countryCodes.has(value), "Choose a country from the list")
    .transform((value) => value || null),
});

let options: { value: string; label: string }[] | null = null;

/** Built once per process: naming and sorting 240 countries costs more than the rest of a page. */
export function countryOptions(): { value: string; label: string }[] {
  if (!options) {
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    const collator = new Intl.Collator("en");
    options = countries
      .map((code) => ({ value: code, label: `${names.of(code) ?? code} (+${getCountryCallingCode(code)})` }))
      .sort((a, b) => collator.compare(a.label, b.label));
  }
  return options;
}

export async function updateDefaultCountry(access: WorkspaceAccess, input: Record<string, unknown>): Promise<{ ok: true; defaultCountry: string | null } | { ok: false; errors: FieldErrors }> {
  if (roleRank[access.role] < roleRank.admin) return { ok: false, errors: { form: "Only owners and admins can change workspace settings" } };
  const parsed = DefaultCountryForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  await withWorkspace(access.workspace.id, access.user.id, (tx) => tx`update workspaces set default_country = ${parsed.data.defaultCountry} where id = ${access.workspace.id}`);
  return { ok: true, defaultCountry: parsed.data.defaultCountry };
}
