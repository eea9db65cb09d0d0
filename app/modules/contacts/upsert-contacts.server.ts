// Saves contacts identified by phone number and/or WhatsApp user id, set-based, for imports and for
// incoming messages: a contact found by either identifier is updated (or skipped) and gains the
// identifier it lacked, so a row or message carrying both links them instead of creating a duplicate.
import type { Tx } from "../../../db/transactions";
import type { ImportedContact } from "./csv-mapping";
import type { OptOutSource } from "./schemas";

export type UpsertMode = "update" | "skip";
export type UpsertOutcome = { kind: "created" | "updated" | "skipped"; id: string } | { kind: "failed"; reason: string };

interface Match {
  ord: number;
  phoneId: string | null;
  phoneOwnerBsuid: string | null;
  bsuidId: string | null;
  bsuidOwnerPhone: string | null;
  /** Set when the row matched no contact and was saved as a new one. */
  createdId: string | null;
}

/**
 * Splits the contacts into rounds in which no phone number or user id repeats, so a file that names
 * the same person twice updates the contact made by the first row instead of colliding with it.
 */
function rounds(contacts: readonly ImportedContact[]): number[][] {
  const result: { indexes: number[]; keys: Set<string> }[] = [];
  contacts.forEach((contact, index) => {
    const keys = [contact.phone && `p${contact.phone}`, contact.bsuid && `b${contact.bsuid}`].filter((key): key is string => Boolean(key));
    let round = result.find((candidate) => keys.every((key) => !candidate.keys.has(key)));
    if (!round) {
      round = { indexes: [], keys: new Set() };
      result.push(round);
    }
    round.indexes.push(index);
    for (const key of keys) round.keys.add(key);
  });
  return result.map((round) => round.indexes);
}

function conflict(contact: ImportedContact, match: Match): string | null {
  if (match.phoneId && match.bsuidId && match.phoneId !== match.bsuidId) {
    return `The phone number ${contact.phone} belongs to one contact and the WhatsApp user id ${contact.bsuid} to another`;
  }
  if (match.phoneId && contact.bsuid && match.phoneOwnerBsuid && match.phoneOwnerBsuid !== contact.bsuid) {
    return `The contact with phone number ${contact.phone} has another WhatsApp user id (${match.phoneOwnerBsuid})`;
  }
  if (match.bsuidId && contact.phone && match.bsuidOwnerPhone && match.bsuidOwnerPhone !== contact.phone) {
    return `The contact with WhatsApp user id ${contact.bsuid} has another phone number (${match.bsuidOwnerPhone})`;
  }
  return null;
}

/** One input row as jsonb_to_recordset reads it (its keys are the SQL column names). */
function record(contact: ImportedContact, ord: number, id?: string) {
  return { ord, id, phone: contact.phone, bsuid: contact.bsuid, username: contact.username, name: contact.name, attributes: contact.attributes, opted_out: contact.optedOut };
}

/**
 * One statement finds each row's contacts by phone number and by user id and creates the rows that
 * matched none; the rows that did match are classified here and returned for updating. "on conflict
 * do nothing" only skips a row someone else saved in the meantime; such rows are reported failed.
 */
async function matchAndCreate(tx: Tx, workspaceId: string, contacts: readonly ImportedContact[], indexes: number[], mode: UpsertMode, source: OptOutSource, outcomes: UpsertOutcome[]): Promise<ReturnType<typeof record>[]> {
  const input = indexes.map((index) => record(contacts[index] as ImportedContact, index));
  const matches = await tx<Match[]>`
    with i as (
      select * from jsonb_to_recordset(${tx.json(input)}::jsonb) as i(ord int, phone text, bsuid text, username text, name text, attributes jsonb, opted_out boolean)
    ), m as (
      select i.*, p.id as phone_id, p.bsuid as phone_owner_bsuid, b.id as bsuid_id, b.phone_e164 as bsuid_owner_phone
        from i
        left join contacts p on p.workspace_id = ${workspaceId} and p.phone_e164 = i.phone
        left join contacts b on b.workspace_id = ${workspaceId} and b.bsuid = i.bsuid
    ), created as (
      insert into contacts (workspace_id, phone_e164, bsuid, username, name, attributes, opted_out_at, opt_out_source)
      select ${workspaceId}, m.phone, m.bsuid, m.username, m.name, m.attributes,
             case when m.opted_out then now() end, case when m.opted_out then ${source} end
        from m where m.phone_id is null and m.bsuid_id is null
       order by m.ord
      on conflict do nothing
      returning id, phone_e164, bsuid
    )
    -- Identifiers do not repeat within a round, so a saved row names its input row by its phone number, or by its user id when it has none.
    select m.ord, m.phone_id, m.phone_owner_bsuid, m.bsuid_id, m.bsuid_owner_phone, coalesce(by_phone.id, by_bsuid.id) as created_id
      from m
      left join created by_phone on by_phone.phone_e164 = m.phone
      left join created by_bsuid on m.phone is null and by_bsuid.bsuid = m.bsuid`;
  const updates: ReturnType<typeof record>[] = [];
  for (const match of matches) {
    const contact = contacts[match.ord] as ImportedContact;
    const reason = conflict(contact, match);
    const id = match.phoneId ?? match.bsuidId;
    if (reason) outcomes[match.ord] = { kind: "failed", reason };
    else if (!id) {
      outcomes[match.ord] = match.createdId
        ? { kind: "created", id: match.createdId }
        : { kind: "failed", reason: "Another import or message saved this contact at the same moment; import the file again to update it" };
    } else if (mode === "skip") outcomes[match.ord] = { kind: "skipped", id };
    else {
      updates.push(record(contact, match.ord, id));
      outcomes[match.ord] = { kind: "updated", id };
    }
  }
  return updates;
}

function updateExisting(tx: Tx, workspaceId: string, updates: ReturnType<typeof record>[], source: OptOutSource) {
  return tx`
    update contacts c set
      phone_e164 = coalesce(c.phone_e164, i.phone),
      bsuid = coalesce(c.bsuid, i.bsuid),
      username = coalesce(i.username, c.username),
      name = coalesce(i.name, c.name),
      attributes = c.attributes || i.attributes,
      opted_out_at = case when i.opted_out and c.opted_out_at is null then now() else c.opted_out_at end,
      opt_out_source = case when i.opted_out and c.opted_out_at is null then ${source} else c.opt_out_source end,
      updated_at = now()
      from jsonb_to_recordset(${tx.json(updates)}::jsonb) as i(ord int, id uuid, phone text, bsuid text, username text, name text, attributes jsonb, opted_out boolean)
     where c.workspace_id = ${workspaceId} and c.id = i.id`;
}

/**
 * Saves each contact and says what happened to it, in input order. Opt-outs are only ever added:
 * a "no" in a file never re-subscribes someone who asked to stop. Tags are added, never removed.
 */
export async function upsertContacts(tx: Tx, workspaceId: string, contacts: readonly ImportedContact[], mode: UpsertMode, source: OptOutSource): Promise<UpsertOutcome[]> {
  const outcomes: UpsertOutcome[] = new Array(contacts.length);
  // Updates and tags are sent without waiting for their answers: the connection runs statements in
  // order, so the next round still sees them, and their outcomes are awaited together at the end.
  const writes: Promise<unknown>[] = [];
  const send = (write: Promise<unknown>) => {
    write.catch(() => undefined);
    writes.push(write);
  };
  for (const indexes of rounds(contacts)) {
    const updates = await matchAndCreate(tx, workspaceId, contacts, indexes, mode, source, outcomes);
    if (updates.length > 0) send(updateExisting(tx, workspaceId, updates, source));
  }
  const tags = outcomes.flatMap((outcome, index) =>
    outcome.kind === "created" || outcome.kind === "updated" ? (contacts[index]?.tags ?? []).map((tag) => ({ id: outcome.id, tag })) : [],
  );
  if (tags.length > 0) {
    send(tx`
      insert into contact_tags (workspace_id, contact_id, tag)
      select distinct ${workspaceId}::uuid, t.id, t.tag from jsonb_to_recordset(${tx.json(tags)}::jsonb) as t(id uuid, tag text)
      on conflict do nothing`);
  }
  await Promise.all(writes);
  return outcomes;
}
