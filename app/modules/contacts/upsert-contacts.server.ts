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

async function upsertRound(tx: Tx, workspaceId: string, contacts: readonly ImportedContact[], indexes: number[], mode: UpsertMode, source: OptOutSource, outcomes: UpsertOutcome[]): Promise<void> {
  const keys = indexes.map((index) => ({ ord: index, phone: contacts[index]?.phone ?? null, bsuid: contacts[index]?.bsuid ?? null }));
  const matches = await tx<Match[]>`
    select i.ord, p.id as phone_id, p.bsuid as phone_owner_bsuid, b.id as bsuid_id, b.phone_e164 as bsuid_owner_phone
      from jsonb_to_recordset(${tx.json(keys)}::jsonb) as i(ord int, phone text, bsuid text)
      left join contacts p on p.workspace_id = ${workspaceId} and p.phone_e164 = i.phone
      left join contacts b on b.workspace_id = ${workspaceId} and b.bsuid = i.bsuid`;
  const inserts: ReturnType<typeof record>[] = [];
  const updates: ReturnType<typeof record>[] = [];
  for (const match of matches) {
    const contact = contacts[match.ord] as ImportedContact;
    const reason = conflict(contact, match);
    const id = match.phoneId ?? match.bsuidId;
    if (reason) outcomes[match.ord] = { kind: "failed", reason };
    else if (!id) inserts.push(record(contact, match.ord));
    else if (mode === "skip") outcomes[match.ord] = { kind: "skipped", id };
    else updates.push(record(contact, match.ord, id));
  }
  if (inserts.length > 0) {
    // "do nothing" only when someone else saved the same number in the meantime; such rows are reported below.
    const created = await tx<{ id: string; phoneE164: string | null; bsuid: string | null }[]>`
      insert into contacts (workspace_id, phone_e164, bsuid, username, name, attributes, opted_out_at, opt_out_source)
      select ${workspaceId}, i.phone, i.bsuid, i.username, i.name, i.attributes,
             case when i.opted_out then now() end, case when i.opted_out then ${source} end
        from jsonb_to_recordset(${tx.json(inserts)}::jsonb) as i(ord int, phone text, bsuid text, username text, name text, attributes jsonb, opted_out boolean)
       order by i.ord
      on conflict do nothing
      returning id, phone_e164, bsuid`;
    // Identifiers do not repeat within a round, so each saved row names its input row.
    const ordByKey = new Map(inserts.map((insert) => [`${insert.phone}|${insert.bsuid}`, insert.ord]));
    for (const row of created) {
      const ord = ordByKey.get(`${row.phoneE164}|${row.bsuid}`);
      if (ord !== undefined) outcomes[ord] = { kind: "created", id: row.id };
    }
    for (const insert of inserts) {
      outcomes[insert.ord] ??= { kind: "failed", reason: "Another import or message saved this contact at the same moment; import the file again to update it" };
    }
  }
  if (updates.length > 0) {
    await tx`
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
    for (const update of updates) outcomes[update.ord] = { kind: "updated", id: update.id as string };
  }
}

/**
 * Saves each contact and says what happened to it, in input order. Opt-outs are only ever added:
 * a "no" in a file never re-subscribes someone who asked to stop. Tags are added, never removed.
 */
export async function upsertContacts(tx: Tx, workspaceId: string, contacts: readonly ImportedContact[], mode: UpsertMode, source: OptOutSource): Promise<UpsertOutcome[]> {
  const outcomes: UpsertOutcome[] = new Array(contacts.length);
  for (const indexes of rounds(contacts)) await upsertRound(tx, workspaceId, contacts, indexes, mode, source, outcomes);
  const tags = outcomes.flatMap((outcome, index) =>
    outcome.kind === "created" || outcome.kind === "updated" ? (contacts[index]?.tags ?? []).map((tag) => ({ id: outcome.id, tag })) : [],
  );
  if (tags.length > 0) {
    await tx`
      insert into contact_tags (workspace_id, contact_id, tag)
      select distinct ${workspaceId}::uuid, t.id, t.tag from jsonb_to_recordset(${tx.json(tags)}::jsonb) as t(id uuid, tag text)
      on conflict do nothing`;
  }
  return outcomes;
}
