// The retention cron: old webhook events go and old message contents are blanked, per workspace
// period; statuses stay, and a workspace that keeps history longer loses nothing.
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { recordInboundMessages } from "../../app/modules/inbox/record-inbound-messages.server";
import { purgeMessageHistory } from "../../app/modules/workspaces/purge-message-history.server";
import { updateMessageRetention } from "../../app/modules/workspaces/message-retention.server";
import { createAccount, uniqueName } from "../helpers/factories";

async function workspaceWithOldHistory(retentionDays: string) {
  const owner = await createAccount();
  const workspaceId = owner.access.workspace.id;
  expect(await updateMessageRetention(owner.access, { retentionDays })).toMatchObject({ ok: true });
  await withWorkspace(workspaceId, null, async (tx) => {
    await tx`insert into whatsapp_webhook_events (workspace_id, body_sha256, payload, received_at, applied_at)
             values (${workspaceId}, ${Buffer.from(uniqueName())}, '{}', now() - interval '40 days', now() - interval '40 days'),
                    (${workspaceId}, ${Buffer.from(uniqueName())}, '{}', now(), now())`;
    await recordInboundMessages(tx, workspaceId, {
      metadata: { phone_number_id: "123456" },
      messages: [{ id: `wamid.${uniqueName()}`, from: "14155550777", timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: "My address is 1 Sea Road" } }],
    });
    await tx`update conversation_messages set created_at = now() - interval '40 days'`;
  });
  return owner;
}

describe("purgeMessageHistory", () => {
  it("applies each workspace's own period", async () => {
    const short = await workspaceWithOldHistory("30");
    const long = await workspaceWithOldHistory("365");
    await purgeMessageHistory();
    const state = (workspaceId: string) =>
      withWorkspace(workspaceId, null, async (tx) => ({
        events: (await tx`select 1 from whatsapp_webhook_events`).length,
        bodies: (await tx<{ body: string | null }[]>`select body from conversation_messages`).map((row) => row.body),
      }));
    expect(await state(short.access.workspace.id)).toEqual({ events: 1, bodies: [null] });
    expect(await state(long.access.workspace.id)).toEqual({ events: 2, bodies: ["My address is 1 Sea Road"] });
  });

  it("blanks the values of campaign messages launched before the period, except those still to send, and passes a purged campaign by", async () => {
    const short = await workspaceWithOldHistory("30");
    const long = await workspaceWithOldHistory("365");
    const campaignWith = async (workspaceId: string, status: string, launchedDaysAgo: number, messageStatuses: string[]) =>
      withWorkspace(workspaceId, null, async (tx) => {
        const [campaign] = await tx<{ id: string }[]>`
          insert into campaigns (workspace_id, name, phone_number_id, template_name, template_language, template_category, status, launched_at)
          values (${workspaceId}, ${uniqueName("campaign")}, '123456', 'order_update', 'en_US', 'UTILITY', ${status}, now() - make_interval(days => ${launchedDaysAgo}))
          returning id`;
        const filled = [{ type: "body", parameters: [{ type: "text", text: "Sara" }] }];
        for (const [n, messageStatus] of messageStatuses.entries()) {
          await tx`insert into campaign_messages (workspace_id, campaign_id, recipient_phone, components, status)
                   values (${workspaceId}, ${campaign!.id}, ${`+1415555${String(n).padStart(4, "0")}`}, ${tx.json(filled)}, ${messageStatus})`;
        }
        return campaign!.id;
      });
    const finished = await campaignWith(short.access.workspace.id, "completed", 40, ["read", "failed", "delivered"]);
    const sending = await campaignWith(short.access.workspace.id, "running", 40, ["sent", "queued"]);
    const recent = await campaignWith(short.access.workspace.id, "completed", 2, ["read"]);
    const kept = await campaignWith(long.access.workspace.id, "completed", 40, ["read"]);
    const contents = (workspaceId: string, campaignId: string) =>
      withWorkspace(workspaceId, null, async (tx) => ({
        filled: (await tx<{ status: string }[]>`select status from campaign_messages where campaign_id = ${campaignId} and components <> '[]'::jsonb order by status`).map((row) => row.status),
        purged: Boolean((await tx<{ at: Date | null }[]>`select contents_purged_at as at from campaigns where id = ${campaignId}`)[0]?.at),
      }));

    const first = await purgeMessageHistory();
    expect(first.campaign_messages).toBeGreaterThanOrEqual(4);
    expect(await contents(short.access.workspace.id, finished)).toEqual({ filled: [], purged: true });
    expect(await contents(short.access.workspace.id, sending)).toEqual({ filled: ["queued"], purged: false });
    expect(await contents(short.access.workspace.id, recent)).toEqual({ filled: ["read"], purged: false });
    expect(await contents(long.access.workspace.id, kept)).toEqual({ filled: ["read"], purged: false });

    // Once the last message has gone out, the next run blanks it and marks the campaign.
    await withWorkspace(short.access.workspace.id, null, async (tx) => {
      await tx`update campaign_messages set status = 'sent' where campaign_id = ${sending}`;
      await tx`update campaigns set status = 'completed' where id = ${sending}`;
    });
    await purgeMessageHistory();
    expect(await contents(short.access.workspace.id, sending)).toEqual({ filled: [], purged: true });
  });

  it("refuses a period outside 7 days to ten years, next to the field", async () => {
    const owner = await createAccount();
    expect(await updateMessageRetention(owner.access, { retentionDays: "3" })).toEqual({ ok: false, errors: { retentionDays: "Keep them at least 7 days" } });
    expect(await updateMessageRetention(owner.access, { retentionDays: "soon" })).toMatchObject({ ok: false });
  });
});
