// The contacts matching a filter as CSV, read page by page with the list's own keyset query (one
// short transaction per page). Its header is one our import maps back without changes.
import { withWorkspace } from "../../../db/transactions";
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { contactFilterSql } from "./contact-filter.server";
import { csvText, spreadsheetSafe } from "./csv-download.server";
import { defaultCountryOf } from "./default-country.server";
import { listContacts } from "./list-contacts.server";
import type { ContactFilter } from "./schemas";

const pageSize = 5_000;

export async function* exportContacts(access: WorkspaceAccess, filter: ContactFilter): AsyncGenerator<string> {
  const workspaceId = access.workspace.id;
  const { keys, defaultCountry } = await withWorkspace(workspaceId, access.user.id, async (tx) => {
    const country = await defaultCountryOf(tx, workspaceId);
    const rows = await tx<{ key: string }[]>`
      select distinct k.key from contacts c cross join lateral jsonb_object_keys(c.attributes) as k(key)
       where ${contactFilterSql(tx, workspaceId, filter, country)} order by 1`;
    return { keys: rows.map((row) => row.key), defaultCountry: country };
  });
  yield csvText([["phone", "bsuid", "username", "name", "tags", "opted_out", "opted_out_at", "opt_out_source", "created_at", ...keys.map((key) => `attributes.${key}`)]]);
  let after: string | null = null;
  do {
    const page = await withWorkspace(workspaceId, access.user.id, (tx) => listContacts(tx, { workspaceId, filter, defaultCountry, after, limit: pageSize }));
    yield csvText(
      page.contacts.map((contact) => [
        contact.phoneE164 ?? "",
        contact.bsuid ?? "",
        spreadsheetSafe(contact.username ?? ""),
        spreadsheetSafe(contact.name ?? ""),
        spreadsheetSafe(contact.tags.join(", ")),
        contact.optedOutAt ? "yes" : "no",
        contact.optedOutAt?.toISOString() ?? "",
        contact.optOutSource ?? "",
        contact.createdAt.toISOString(),
        ...keys.map((key) => spreadsheetSafe(contact.attributes[key] ?? "")),
      ]),
    );
    after = page.next;
  } while (after);
}
