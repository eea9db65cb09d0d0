// Cron fan-out: applies each workspace's retention period to raw webhook events (deleted) and to
// message contents (blanked: the text and payload of conversation messages, the bytes of their media,
// the values filled into campaign messages, found through their campaign). Works in small batches,
// each its own short transaction, so no table is locked for long and a run that is stopped simply
// continues next time.
import { withSystem } from "../../../db/transactions";
import { olderThanRetention } from "./message-retention.server";

const batchSize = 2_000;

interface Step {
  table: string;
  run: () => Promise<number>;
}

async function repeat(step: Step): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await step.run();
    total += count;
    if (count < batchSize) return total;
  }
}

export async function purgeMessageHistory(): Promise<Record<string, number>> {
  const steps: Step[] = [
    {
      table: "whatsapp_webhook_events",
      run: () =>
        withSystem(async (tx) => (await tx`
          delete from whatsapp_webhook_events e where ctid in (
            select e2.ctid from whatsapp_webhook_events e2 join workspaces w on w.id = e2.workspace_id
             where ${olderThanRetention(tx, "e2.received_at")} and e2.applied_at is not null
             limit ${batchSize})`).count),
    },
    {
      table: "conversation_messages",
      run: () =>
        withSystem(async (tx) => (await tx`
          update conversation_messages m set body = null, payload = '{}'::jsonb where ctid in (
            select m2.ctid from conversation_messages m2 join workspaces w on w.id = m2.workspace_id
             where ${olderThanRetention(tx, "m2.created_at")} and (m2.body is not null or m2.payload <> '{}'::jsonb)
             limit ${batchSize})`).count),
    },
    {
      table: "conversation_media",
      run: () =>
        withSystem(async (tx) => (await tx`
          update conversation_media m set data = null, unavailable_reason = 'Removed after the workspace''s retention period.' where ctid in (
            select m2.ctid from conversation_media m2 join workspaces w on w.id = m2.workspace_id
             where ${olderThanRetention(tx, "m2.created_at")} and m2.data is not null
             limit ${batchSize})`).count),
    },
  ];
  const purged: Record<string, number> = {};
  for (const step of steps) purged[step.table] = await repeat(step);
  purged.campaign_messages = await purgeCampaignContents();
  return purged;
}

interface CampaignPage {
  last: string | null;
  blanked: number;
  pending: boolean;
}

/**
 * Blanks the values filled into the messages of campaigns launched before their workspace's period
 * (a campaign's messages are written when it launches), a page of ids per transaction, leaving those
 * still queued or being sent. A finished campaign with nothing left to blank is marked as purged.
 */
async function purgeCampaignContents(): Promise<number> {
  const due = await withSystem((tx) => tx<{ workspaceId: string; id: string }[]>`
    select c.workspace_id, c.id from campaigns c join workspaces w on w.id = c.workspace_id
     where c.contents_purged_at is null and ${olderThanRetention(tx, "c.launched_at")}
     order by c.launched_at`);
  let total = 0;
  for (const campaign of due) {
    let after = "00000000-0000-0000-0000-000000000000";
    let pending = false;
    for (;;) {
      const [page] = await withSystem((tx) => tx<CampaignPage[]>`
        with page as (
          select id, status, components <> '[]'::jsonb as filled from campaign_messages
           where workspace_id = ${campaign.workspaceId} and campaign_id = ${campaign.id} and id > ${after}
           order by id limit ${batchSize}),
        blanked as (
          update campaign_messages m set components = '[]'::jsonb from page
           where m.workspace_id = ${campaign.workspaceId} and m.id = page.id and page.filled and page.status not in ('queued', 'sending')
          returning 1)
        select (select id from page order by id desc limit 1) as last, (select count(*)::int from blanked) as blanked,
               exists (select 1 from page where status in ('queued', 'sending')) as pending`);
      total += page?.blanked ?? 0;
      pending ||= page?.pending ?? false;
      if (!page?.last) break;
      after = page.last;
    }
    if (!pending) {
      await withSystem((tx) => tx`
        update campaigns set contents_purged_at = now()
         where workspace_id = ${campaign.workspaceId} and id = ${campaign.id} and status in ('completed', 'cancelled', 'failed')`);
    }
  }
  return total;
}
