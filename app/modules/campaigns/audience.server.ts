// A campaign's audience is the contact list's filter (tag and search), typed or taken from a saved
// filter (copied at creation, so editing the filter later does not change a campaign). A list from a
// CSV file is imported with a tag and chosen by it. Opted-out contacts are always left out; the
// count before launch says how many and why.
import type { Tx } from "../../../db/transactions";
import { contactFilterSql } from "../contacts/contact-filter.server";
import { defaultCountryOf } from "../contacts/default-country.server";

export interface Audience {
  tag: string;
  q: string;
  /** The saved filter the tag and search came from, by name, when one was chosen. */
  savedFilter?: string;
}

export interface AudienceCount {
  matching: number;
  optedOut: number;
  /** Who the campaign sends to: matching contacts that have not opted out. */
  eligible: number;
}

/** The audience as a condition on contacts `c` (a query fragment: never awaited on its own). */
export function audienceFilter(tx: Tx, workspaceId: string, audience: Audience, defaultCountry: string | null) {
  return contactFilterSql(tx, workspaceId, { tag: audience.tag, q: audience.q, status: "all" }, defaultCountry);
}

export async function countAudience(tx: Tx, workspaceId: string, audience: Audience): Promise<AudienceCount> {
  const [row] = await tx<{ matching: number; optedOut: number }[]>`
    select count(*)::int as matching, count(*) filter (where c.opted_out_at is not null)::int as opted_out
      from contacts c where ${audienceFilter(tx, workspaceId, audience, await defaultCountryOf(tx, workspaceId))}`;
  const matching = row?.matching ?? 0;
  const optedOut = row?.optedOut ?? 0;
  return { matching, optedOut, eligible: matching - optedOut };
}
