// The one translation of the list's search and filters into SQL, shared by the list, the bulk
// actions and the export, so "these contacts" means the same rows everywhere.
import type postgres from "postgres";
import type { Tx } from "../../../db/transactions";
import { parseContactSearch, prefixUpperBound } from "./contact-search";
import type { ContactFilter } from "./schemas";

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** Conditions on contacts aliased `c`; each is a range or equality on an index led by workspace_id. */
export function contactFilterSql(tx: Tx, workspaceId: string, filter: ContactFilter, defaultCountry: string | null): Fragment {
  const search = parseContactSearch(filter.q, defaultCountry);
  const status =
    filter.status === "opted_out" ? tx`and c.opted_out_at is not null` : filter.status === "subscribed" ? tx`and c.opted_out_at is null` : tx``;
  const tag = filter.tag
    ? tx`and exists (select 1 from contact_tags t where t.workspace_id = c.workspace_id and t.contact_id = c.id and t.tag = ${filter.tag})`
    : tx``;
  let match = tx``;
  if (search) {
    const low = search.prefix;
    const high = prefixUpperBound(search.prefix);
    if (search.kind === "phone") match = tx`and c.phone_e164 >= ${low} and c.phone_e164 < ${high}`;
    else if (search.kind === "bsuid") match = tx`and c.bsuid >= ${low} and c.bsuid < ${high}`;
    else {
      match = tx`and ((c.name_key >= ${low} and c.name_key < ${high})
                   or (c.surname_key >= ${low} and c.surname_key < ${high})
                   or (c.username_key >= ${low} and c.username_key < ${high}))`;
    }
  }
  return tx`c.workspace_id = ${workspaceId} ${status} ${tag} ${match}`;
}
