// Cron fan-out: applies each workspace's retention period to raw webhook events (deleted) and to
// message contents (blanked: the text and payload of conversation messages, the bytes of their media,
// the values filled into campaign messages). Works in small batches, each its own short transaction, so no table is locked
// for long and a run that is stopped simply continues next time.
import { withSystem } from "../../../db/transactions";

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
             where e2.received_at < now() - make_interval(days => w.message_retention_days) and e2.applied_at is not null
             limit ${batchSize})`).count),
    },
    {
      table: "conversation_messages",
      run: () =>
        withSystem(async (tx) => (await tx`
          update conversation_messages m set body = null, payload = '{}'::jsonb where ctid in (
            select m2.ctid from conversation_messages m2 join workspaces w on w.id = m2.workspace_id
             where m2.created_at < now() - make_interval(days => w.message_retention_days) and (m2.body is not null or m2.payload <> '{}'::jsonb)
             limit ${batchSize})`).count),
    },
    {
      table: "conversation_media",
      run: () =>
        withSystem(async (tx) => (await tx`
          update conversation_media m set data = null, unavailable_reason = 'Removed after the workspace''s retention period.' where ctid in (
            select m2.ctid from conversation_media m2 join workspaces w on w.id = m2.workspace_id
             where m2.created_at < now() - make_interval(days => w.message_retention_days) and m2.data is not null
             limit ${batchSize})`).count),
    },
    {
      table: "campaign_messages",
      run: () =>
        withSystem(async (tx) => (await tx`
          update campaign_messages m set components = '[]'::jsonb where ctid in (
            select m2.ctid from campaign_messages m2 join workspaces w on w.id = m2.workspace_id
             where m2.created_at < now() - make_interval(days => w.message_retention_days) and m2.components <> '[]'::jsonb
               and m2.status not in ('queued', 'sending')
             limit ${batchSize})`).count),
    },
  ];
  const purged: Record<string, number> = {};
  for (const step of steps) purged[step.table] = await repeat(step);
  return purged;
}
