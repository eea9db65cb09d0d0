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

  it("refuses a period outside 7 days to ten years, next to the field", async () => {
    const owner = await createAccount();
    expect(await updateMessageRetention(owner.access, { retentionDays: "3" })).toEqual({ ok: false, errors: { retentionDays: "Keep them at least 7 days" } });
    expect(await updateMessageRetention(owner.access, { retentionDays: "soon" })).toMatchObject({ ok: false });
  });
});
