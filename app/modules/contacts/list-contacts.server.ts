// One page of a workspace's contacts, newest first, with keyset pagination: each page starts after
// (or ends before) a cursor, so page 1 and page 20,000 cost the same index range scan.
import type { Tx } from "../../../db/transactions";
import { contactFilterSql } from "./contact-filter.server";
import { decodeCursor, encodeCursor, type KeysetCursor } from "~/lib/keyset-cursor";
import type { ContactFilter, OptOutSource } from "./schemas";

export interface ContactRow {
  id: string;
  phoneE164: string | null;
  bsuid: string | null;
  username: string | null;
  name: string | null;
  tags: string[];
  attributes: Record<string, string>;
  optedOutAt: Date | null;
  optOutSource: OptOutSource | null;
  createdAt: Date;
}

export interface ContactPage {
  contacts: ContactRow[];
  /** Cursor of the next (older) page, when there is one. */
  next: string | null;
  /** Cursor of the previous (newer) page, when this is not the first. */
  previous: string | null;
}

export interface ListContactsOptions {
  workspaceId: string;
  filter: ContactFilter;
  defaultCountry: string | null;
  after?: string | null;
  before?: string | null;
  limit: number;
}

type Fetched = ContactRow & { cursorTime: string };

function cursorOf(row: Fetched): string {
  return encodeCursor({ at: row.cursorTime, id: row.id });
}

function strip({ cursorTime: _cursorTime, ...row }: Fetched): ContactRow {
  return row;
}

async function fetchRows(tx: Tx, options: ListContactsOptions, position: { after: KeysetCursor } | { before: KeysetCursor } | null): Promise<Fetched[]> {
  const where = contactFilterSql(tx, options.workspaceId, options.filter, options.defaultCountry);
  const backwards = position !== null && "before" in position;
  // The time goes in as text: postgres.js would turn a timestamptz parameter into a Date, losing the microseconds.
  const keyset = !position
    ? tx``
    : "after" in position
      ? tx`and (c.created_at, c.id) < (${position.after.at}::text::timestamptz, ${position.after.id}::uuid)`
      : tx`and (c.created_at, c.id) > (${position.before.at}::text::timestamptz, ${position.before.id}::uuid)`;
  const order = backwards ? tx`c.created_at asc, c.id asc` : tx`c.created_at desc, c.id desc`;
  const rows = await tx<Fetched[]>`
    select c.id, c.phone_e164, c.bsuid, c.username, c.name, c.attributes, c.opted_out_at, c.opt_out_source, c.created_at,
           to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_time,
           array(select t.tag from contact_tags t where t.workspace_id = c.workspace_id and t.contact_id = c.id order by t.tag) as tags
      from contacts c
     where ${where} ${keyset}
     order by ${order}
     limit ${options.limit + 1}`;
  return backwards ? rows.reverse() : rows;
}

export async function listContacts(tx: Tx, options: ListContactsOptions): Promise<ContactPage> {
  const after = decodeCursor(options.after);
  const before = after ? null : decodeCursor(options.before);
  const rows = await fetchRows(tx, options, after ? { after } : before ? { before } : null);
  const more = rows.length > options.limit;
  if (before) {
    // Fetched oldest-last after reversing; the extra row, if any, is the newest and means a page before this one.
    const page = more ? rows.slice(1) : rows;
    const first = page[0];
    const last = page[page.length - 1];
    return { contacts: page.map(strip), next: last ? cursorOf(last) : null, previous: more && first ? cursorOf(first) : null };
  }
  const page = more ? rows.slice(0, options.limit) : rows;
  const first = page[0];
  const last = page[page.length - 1];
  return { contacts: page.map(strip), next: more && last ? cursorOf(last) : null, previous: after && first ? cursorOf(first) : null };
}
