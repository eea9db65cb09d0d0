// Launches a draft: checks the access gate and the monthly allowance, then writes the ledger (one
// campaign_messages row per eligible contact, with its template values resolved) and queues the
// senders, all in one transaction, so a launch happens entirely or not at all.
import { withWorkspace, type Tx } from "../../../db/transactions";
import { checkAccess } from "../billing/check-access.server";
import { buildSendComponents, parseComponents, type TemplateComponent } from "../whatsapp/template-variables";
import { defaultCountryOf } from "../contacts/default-country.server";
import { audienceFilter, countAudience, type Audience } from "./audience.server";
import { recipientValues, type VariableMapping } from "./recipient-values";
import { startSenders } from "./sender-jobs.server";
import { timeOrderedUuid } from "~/lib/time-ordered-uuid";

export type LaunchResult = { ok: true; queued: number; skipped: number } | { ok: false; error: string; upgradeUrl?: string };

const ledgerBatch = 5000;

interface CampaignRow {
  id: string;
  status: string;
  phoneNumberId: string;
  templateComponents: unknown;
  audience: Audience;
  variables: VariableMapping;
}

interface ContactRow {
  id: string;
  name: string | null;
  phoneE164: string | null;
  bsuid: string | null;
  attributes: Record<string, unknown>;
}

/** Messages the workspace sent since the start of the month (UTC), for the plan's allowance. */
export async function messagesSentThisMonth(tx: Tx): Promise<number> {
  // The ledger's quarter-hour tallies: a month starts on a quarter hour, so its buckets are exactly its messages.
  const [row] = await tx<{ sent: number }[]>`
    select coalesce(sum(delta), 0)::int as sent from campaign_message_tallies
     where status in ('sent', 'delivered', 'read') and bucket >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'`;
  return row?.sent ?? 0;
}

function ledgerRow(contact: ContactRow, components: TemplateComponent[], mapping: VariableMapping) {
  const values = recipientValues(mapping, { name: contact.name, phone: contact.phoneE164, attributes: contact.attributes });
  const built = buildSendComponents(components, values);
  // Time-ordered ids: a launch's rows append to the ledger's indexes on id instead of landing all over them.
  const base = { id: timeOrderedUuid(), contactId: contact.id, recipientPhone: contact.phoneE164, recipientBsuid: contact.bsuid };
  if (built.ok) return { ...base, components: built.components, status: "queued", errorTitle: null };
  const names = built.missing.map((variable) => variable.label).join(", ");
  return { ...base, components: [], status: "skipped", errorTitle: `Missing variable: ${names}` };
}

/**
 * Writes the ledger a page of contacts at a time. Each page's read goes out before the page before it
 * is written, so it comes back while Postgres writes that page, and this process builds the page's
 * rows in the meantime: the two sides work at once instead of taking turns.
 */
async function writeLedger(tx: Tx, workspaceId: string, campaign: CampaignRow): Promise<{ queued: number; skipped: number }> {
  const components = parseComponents(campaign.templateComponents);
  const defaultCountry = await defaultCountryOf(tx, workspaceId);
  const readPage = (after: string): Promise<ContactRow[]> => tx<ContactRow[]>`
    select c.id, c.name, c.phone_e164, c.bsuid, c.attributes from contacts c
     where ${audienceFilter(tx, workspaceId, campaign.audience, defaultCountry)} and c.opted_out_at is null and c.id > ${after}
     order by c.id limit ${ledgerBatch}`.execute();
  const writePage = (rows: ReturnType<typeof ledgerRow>[]) =>
    // A column per array: Postgres reads 5,000 rows sent this way several times faster than as one JSON document.
    tx`
      insert into campaign_messages (workspace_id, id, campaign_id, contact_id, recipient_phone, recipient_bsuid, components, status, error_title)
      select ${workspaceId}, r.id, ${campaign.id}, r.contact_id, r.recipient_phone, r.recipient_bsuid, r.components::jsonb, r.status, r.error_title
        from unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.contactId)}::uuid[], ${rows.map((row) => row.recipientPhone)}::text[],
                    ${rows.map((row) => row.recipientBsuid)}::text[], ${rows.map((row) => JSON.stringify(row.components))}::text[],
                    ${rows.map((row) => row.status)}::text[], ${rows.map((row) => row.errorTitle)}::text[])
          as r(id, contact_id, recipient_phone, recipient_bsuid, components, status, error_title)`.execute();
  let queued = 0;
  let skipped = 0;
  let writing: Promise<unknown> = Promise.resolve();
  let contacts = await readPage("00000000-0000-0000-0000-000000000000");
  while (contacts.length > 0) {
    const last = contacts[contacts.length - 1] as ContactRow;
    const next = contacts.length === ledgerBatch ? readPage(last.id) : Promise.resolve([]);
    // Both promises are awaited later (the read below, the write in the next turn); a failure meanwhile must not count as unhandled.
    next.catch(() => undefined);
    const rows = contacts.map((contact) => ledgerRow(contact, components, campaign.variables));
    const queuedNow = rows.filter((row) => row.status === "queued").length;
    queued += queuedNow;
    skipped += rows.length - queuedNow;
    await writing;
    writing = writePage(rows);
    writing.catch(() => undefined);
    contacts = await next;
  }
  await writing;
  return { queued, skipped };
}

export async function launchCampaign(workspaceId: string, campaignId: string): Promise<LaunchResult> {
  const planned = await withWorkspace(workspaceId, null, async (tx) => {
    const [campaign] = await tx<CampaignRow[]>`select id, status, phone_number_id, template_components, audience, variables from campaigns where id = ${campaignId}`;
    if (!campaign) return null;
    return { campaign, count: await countAudience(tx, workspaceId, campaign.audience), sent: await messagesSentThisMonth(tx) };
  });
  if (!planned) return { ok: false, error: "There is no such campaign" };
  if (planned.campaign.status !== "draft" && planned.campaign.status !== "scheduled") return { ok: false, error: `The campaign is ${planned.campaign.status} already` };
  if (planned.count.eligible === 0) return { ok: false, error: "No contact in this audience can be messaged: add contacts or change the audience" };
  const gate = await checkAccess(workspaceId, { need: "send", messages: { sentThisMonth: planned.sent, toSend: planned.count.eligible } });
  if (!gate.allowed) return { ok: false, error: gate.message ?? "Sending is not allowed on this plan", upgradeUrl: gate.upgradeUrl };

  return withWorkspace(workspaceId, null, async (tx): Promise<LaunchResult> => {
    const [campaign] = await tx<CampaignRow[]>`
      select id, status, phone_number_id, template_components, audience, variables from campaigns where id = ${campaignId} for update`;
    if (!campaign || (campaign.status !== "draft" && campaign.status !== "scheduled")) return { ok: false, error: "The campaign was launched already" };
    const [number] = await tx`select 1 from whatsapp_phone_numbers where phone_number_id = ${campaign.phoneNumberId}`;
    if (!number) return { ok: false, error: "The sending number is no longer connected; pick another number" };
    const { queued, skipped } = await writeLedger(tx, workspaceId, campaign);
    const finished = queued === 0;
    await tx`update campaigns set status = ${finished ? "completed" : "running"}, launched_at = now(), updated_at = now(),
               finished_at = ${finished ? new Date() : null} where id = ${campaignId}`;
    if (!finished) await startSenders(tx, { workspaceId, campaignId });
    return { ok: true, queued, skipped };
  });
}
