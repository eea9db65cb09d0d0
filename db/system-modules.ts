// The written-down list of modules allowed to use the system role (it bypasses row-level
// security). Each entry says why it must cross tenants. tests/integration/catalog.test.ts fails
// when any other file imports withSystem or systemSql.
export const systemRoleModules: Record<string, string> = {
  "app/modules/workspaces/find-invitation.server.ts":
    "an invitation link carries only a token; finding which workspace it belongs to crosses tenants",
  "jobs/purge-expired.ts": "cron fan-out: removes expired invitations of every workspace",
  "app/modules/deletion/console.server.ts": "operator console: matches a deletion request against every workspace",
  "app/modules/deletion/execute-deletion.server.ts": "deletion executor: removes a workspace's rows from every tenant table",
  "app/modules/whatsapp/find-webhook-workspace.server.ts":
    "Meta calls a workspace's webhook URL without a session; only the key in the URL says which workspace it is",
  "app/modules/whatsapp/rotate-secrets.server.ts":
    "key rotation: re-seals the stored secrets of every workspace under the new key",
  "app/modules/billing/receive-stripe-webhook.server.ts":
    "Stripe events name a customer, not a workspace; they are stored as platform records before any workspace is known",
  "app/modules/billing/apply-stripe-event.server.ts": "maps an event's Stripe customer to its workspace and marks platform event records applied",
  "app/modules/billing/queue-monthly-statements.server.ts": "cron fan-out: queues last month's statement for every workspace",
  "app/modules/billing/purge-stripe-events.server.ts": "retention: removes applied Stripe events, which are platform records",
  "app/modules/workspaces/purge-message-history.server.ts":
    "retention cron: applies each workspace's retention period to webhook events and message contents of every workspace",
  "app/modules/whatsapp/revive-webhook-apply.server.ts":
    "cron safety net: finds stored webhook deliveries of every workspace that no apply job took",
  "app/modules/inbox/revive-replies.server.ts":
    "cron safety net: finds replies of every workspace whose send-reply job died with its worker",
  "app/modules/campaigns/revive-senders.server.ts":
    "cron fan-out: finds running campaigns of every workspace whose sender jobs died with a killed worker",
  "app/modules/campaigns/fold-campaign-tallies.server.ts":
    "cron upkeep: merges the campaign counts the ledger's triggers appended in every workspace",
};
