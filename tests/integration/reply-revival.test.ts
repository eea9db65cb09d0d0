// Replies a dead worker left behind: the cron safety net finds a reply still queued minutes after it
// was written and one still sending past its claim and grace, gives each its send-reply job again,
// and leaves a reply queued a moment ago alone. The job then sends the queued one and fails the one
// that was in flight as interrupted, without sending it a second time.
import { afterAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { queueReply } from "../../app/modules/inbox/conversation-actions.server";
import { listConversations } from "../../app/modules/inbox/read-inbox.server";
import { reviveReplies } from "../../app/modules/inbox/revive-replies.server";
import { sendReply } from "../../app/modules/inbox/send-reply.server";
import { ownerSql, queuedPayloads } from "../helpers/factories";
import { metaAdmin } from "../helpers/meta-emulator";
import { connectedWorkspace, deliverWebhooks } from "../helpers/whatsapp-workspace";

const owner = ownerSql();

afterAll(async () => {
  await owner.end();
});

describe("replies left behind by a dead worker", () => {
  it("get their job again: the queued one is sent, the one in flight fails as interrupted and is not resent", async () => {
    const setup = await connectedWorkspace();
    const access = setup.owner.access;
    const phoneNumberId = setup.account.phoneNumbers[0]?.id ?? "";
    await metaAdmin("POST", "inbound", { phoneNumberId, from: "14155550391", name: "Omar", text: "Hello?" });
    await deliverWebhooks(setup.workspaceId, setup.account, setup.webhookKey);
    const page = await withWorkspace(setup.workspaceId, access.user.id, (tx) => listConversations(tx, access, { tab: "open", q: "", after: null }));
    const conversationId = page.conversations[0]?.id ?? "";
    for (const text of ["Lost while queued", "Lost in flight", "Just written"]) {
      expect(await queueReply(access, conversationId, { kind: "text", text })).toEqual({ ok: true });
    }
    const bodies = await withWorkspace(setup.workspaceId, null, (tx) => tx<{ id: string; body: string }[]>`
      select id, body from conversation_messages where direction = 'outbound'`);
    const idOf = (body: string) => {
      const found = bodies.find((row) => row.body === body);
      if (!found) throw new Error(`no reply "${body}"`);
      return found.id;
    };
    const reply = { queued: idOf("Lost while queued"), inFlight: idOf("Lost in flight"), fresh: idOf("Just written") };
    // As a dead worker leaves them: one still queued, its job gone; one claimed and stamped sending long ago.
    await owner`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
                 where t.id = j.task_id and t.identifier = 'send-reply' and j.payload ->> 'workspaceId' = ${setup.workspaceId}`;
    await withWorkspace(setup.workspaceId, null, async (tx) => {
      await tx`update conversation_messages set updated_at = now() - interval '3 minutes' where id = ${reply.queued}`;
      await tx`update conversation_messages set status = 'sending', attempts = 1, claimed_until = now() - interval '5 minutes',
                 updated_at = now() - interval '6 minutes' where id = ${reply.inFlight}`;
    });

    expect(await reviveReplies()).toBeGreaterThanOrEqual(2);
    const requeued = (await queuedPayloads(owner, "send-reply")).filter((payload) => payload.workspaceId === setup.workspaceId).map((payload) => payload.messageId);
    expect(requeued).toEqual(expect.arrayContaining([reply.queued, reply.inFlight]));
    expect(requeued).not.toContain(reply.fresh);

    for (const id of [reply.queued, reply.inFlight]) await sendReply(setup.workspaceId, id);
    const sent = (await metaAdmin<{ data: { body: { text?: { body: string } } }[] }>("GET", `requests?path=${phoneNumberId}/messages&method=POST`)).data;
    const texts = sent.map((request) => request.body.text?.body);
    expect(texts).toContain("Lost while queued");
    expect(texts).not.toContain("Lost in flight");
    const states = await withWorkspace(setup.workspaceId, null, (tx) => tx<{ body: string; status: string; errorTitle: string | null }[]>`
      select body, status, error_title from conversation_messages where direction = 'outbound' order by body`);
    expect(states).toEqual([
      { body: "Just written", status: "queued", errorTitle: null },
      { body: "Lost in flight", status: "failed", errorTitle: expect.stringMatching(/^Interrupted/) },
      { body: "Lost while queued", status: "sent", errorTitle: null },
    ]);
  });
});
