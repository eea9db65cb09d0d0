// Creating, reading, editing and deleting one contact from the contact form. The phone number is
// normalised in the workspace's default country; a number or user id another contact already has
// is reported next to its field.
import postgres from "postgres";
import type { FieldErrors } from "~/lib/forms";
import { fieldErrors } from "~/lib/forms";
import { withWorkspace, type Tx } from "../../../db/transactions";
import { roleRank, type WorkspaceAccess } from "../workspaces/memberships.server";
import { ContactForm, contactFormInput } from "./contact-form";
import { defaultCountryOf } from "./default-country.server";
import type { ContactRow } from "./list-contacts.server";
import { normalizePhone } from "./normalize-phone";

export async function readContact(tx: Tx, contactId: string): Promise<ContactRow | null> {
  const [contact] = await tx<ContactRow[]>`
    select c.id, c.phone_e164, c.bsuid, c.username, c.name, c.attributes, c.opted_out_at, c.opt_out_source, c.created_at,
           array(select t.tag from contact_tags t where t.workspace_id = c.workspace_id and t.contact_id = c.id order by t.tag) as tags
      from contacts c where c.id = ${contactId}`;
  return contact ?? null;
}

class FieldConflict extends Error {
  constructor(readonly errors: FieldErrors) {
    super("field conflict");
  }
}

function duplicateErrors(error: unknown): FieldErrors | null {
  if (!(error instanceof postgres.PostgresError) || error.code !== "23505") return null;
  if (error.constraint_name === "contacts_phone_key") return { phone: "Another contact already has this phone number" };
  if (error.constraint_name === "contacts_bsuid_key") return { bsuid: "Another contact already has this WhatsApp user id" };
  return null;
}

/** Creates a contact (contactId null) or edits one; the answer is its id or the errors by field. */
export async function saveContact(access: WorkspaceAccess, contactId: string | null, input: Record<string, unknown>): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  const parsed = ContactForm.safeParse(contactFormInput(input));
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const form = parsed.data;
  const workspaceId = access.workspace.id;
  try {
    return await withWorkspace(workspaceId, access.user.id, async (tx) => {
      let phone: string | null = null;
      if (form.phone) {
        const normalized = normalizePhone(form.phone, await defaultCountryOf(tx, workspaceId));
        if (!normalized.ok) throw new FieldConflict({ phone: normalized.reason });
        phone = normalized.e164;
      }
      const optOut = form.optedOut;
      const [saved] = contactId
        ? await tx<{ id: string }[]>`
            update contacts set phone_e164 = ${phone}, bsuid = ${form.bsuid}, username = ${form.username}, name = ${form.name},
                   attributes = ${tx.json(form.attributes)},
                   opted_out_at = case when ${optOut}::boolean then coalesce(opted_out_at, now()) end,
                   opt_out_source = case when ${optOut}::boolean then coalesce(opt_out_source, 'manual') end,
                   updated_at = now()
             where id = ${contactId} returning id`
        : await tx<{ id: string }[]>`
            insert into contacts (workspace_id, phone_e164, bsuid, username, name, attributes, opted_out_at, opt_out_source)
            values (${workspaceId}, ${phone}, ${form.bsuid}, ${form.username}, ${form.name}, ${tx.json(form.attributes)},
                    case when ${optOut}::boolean then now() end, case when ${optOut}::boolean then 'manual' end)
            returning id`;
      if (!saved) throw new FieldConflict({ form: "This contact was deleted" });
      await tx`delete from contact_tags where contact_id = ${saved.id} and not (tag = any(${form.tags}::text[]))`;
      if (form.tags.length > 0) {
        await tx`insert into contact_tags (workspace_id, contact_id, tag) select ${workspaceId}, ${saved.id}, unnest(${form.tags}::text[]) on conflict do nothing`;
      }
      return { ok: true as const, id: saved.id };
    });
  } catch (error) {
    if (error instanceof FieldConflict) return { ok: false, errors: error.errors };
    const duplicate = duplicateErrors(error);
    if (duplicate) return { ok: false, errors: duplicate };
    throw error;
  }
}

export async function deleteContact(access: WorkspaceAccess, contactId: string): Promise<boolean> {
  if (roleRank[access.role] < roleRank.admin) return false;
  const deleted = await withWorkspace(access.workspace.id, access.user.id, (tx) => tx`delete from contacts where id = ${contactId}`);
  return deleted.count === 1;
}
