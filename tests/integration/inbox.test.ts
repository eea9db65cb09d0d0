// The inbox against Postgres and the Meta emulator: an inbound message opens a conversation, a reply
// goes out through the send-reply job's module and its statuses come back by webhook; once the
// 24-hour window has closed, text is refused (in the action and again at send time) while a template
// goes out; agents see only what is theirs or nobody's; inbound media is fetched and stored.
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { createCampaign } from "../../app/modules/campaigns/create-campaign.server";
import { launchCampaign } from "../../app/modules/campaigns/launch-campaign.server";
import { sendCampaignRound } from "../../app/modules/campaigns/send-campaign.server";
import { addNote, assignConversation, changeLabel, queueReply, setConversationStatus, startConversation } from "../../app/modules/inbox/conversation-actions.server";
import { fetchInboundMedia } from "../../app/modules/inbox/fetch-inbound-media.server";
import { findVisibleConversation, frequentWordMessages, listConversations, readConversationMedia, readThread } from "../../app/modules/inbox/read-inbox.server";
import { sendReply } from "../../app/modules/inbox/send-reply.server";
import { syncTemplates } from "../../app/modules/whatsapp/sync-templates.server";
import type { WorkspaceAccess } from "../../app/modules/workspaces/memberships.server";
import { addMember } from "../helpers/factories";
import { metaAdmin } from "../helpers/meta-emulator";
import { connectedWorkspace, deliverWebhooks, type ConnectedWorkspace } from "../helpers/whatsapp-workspace";

const followUp = {
  name: "follow_up",
  language: "en_US",
  category: "UTILITY",
  components: [{ type: "BODY", text: "Hi {{1}}, we are still here to help with your order.", example: { body_text: [["Sara"]] } }],
};

interface SentRequest {
  path: string;
  body: { to?: string; type?: string; text?: { body: string }; template?: { name: string }; biz_opaque_callback_data?: string };
}

async function sentTo(setup: ConnectedWorkspace): Promise<SentRequest[]> {
  const phoneNumberId = setup.account.phoneNumbers[0]?.id ?? "";
  return (await metaAdmin<{ data: SentRequest[] }>("GET", `requests?path=${phoneNumberId}/messages&method=POST`)).data;
}

async function inbound(setup: ConnectedWorkspace, input: Record<string, unknown>) {
  await metaAdmin("POST", "inbound", { phoneNumberId: setup.account.phoneNumbers[0]?.id, ...input });
  await deliverWebhooks(setup.workspaceId, setup.account, setup.webhookKey);
}

async function onlyConversation(access: WorkspaceAccess) {
  const page = await withWorkspace(access.workspace.id, access.user.id, (tx) => listConversations(tx, access, { tab: "open", q: "", after: null }));
  expect(page.conversations).toHaveLength(1);
  return { page, conversation: page.conversations[0]! };
}

async function thread(access: WorkspaceAccess, conversationId: string) {
  return withWorkspace(access.workspace.id, access.user.id, async (tx) => {
    const conversation = await findVisibleConversation(tx, access, conversationId);
    if (!conversation) throw new Error("conversation not visible");
    return (await readThread(tx, conversation, null)).items;
  });
}

async function outboundIds(workspaceId: string): Promise<string[]> {
  const rows = await withWorkspace(workspaceId, null, (tx) => tx<{ id: string }[]>`
    select id from conversation_messages where direction = 'outbound' and status = 'queued' order by created_at`);
  return rows.map((row) => row.id);
}

describe("inbox", () => {
  it("opens a conversation on an inbound message, sends a reply and follows its statuses", async () => {
    const setup = await connectedWorkspace();
    const access = setup.owner.access;
    await inbound(setup, { from: "14155550301", name: "Layla", text: "Is my order on its way?" });

    const { page, conversation } = await onlyConversation(access);
    expect(page.unread).toBe(1);
    expect(conversation).toMatchObject({ contactName: "Layla", preview: "Is my order on its way?", lastDirection: "inbound", unreadCount: 1 });

    expect(await queueReply(access, conversation.id, { kind: "text", text: "Yes, it arrives tomorrow." })).toEqual({ ok: true });
    const [replyId] = await outboundIds(setup.workspaceId);
    await sendReply(setup.workspaceId, replyId!);
    const sent = (await sentTo(setup)).filter((request) => request.body.type === "text");
    expect(sent).toEqual([expect.objectContaining({ body: expect.objectContaining({ to: "14155550301", text: { body: "Yes, it arrives tomorrow.", preview_url: false }, biz_opaque_callback_data: replyId }) })]);

    await deliverWebhooks(setup.workspaceId, setup.account, setup.webhookKey);
    const items = await thread(access, conversation.id);
    expect(items.map((item) => [item.direction, item.body, item.status])).toEqual([
      ["inbound", "Is my order on its way?", null],
      ["outbound", "Yes, it arrives tomorrow.", "read"],
    ]);
    expect(items[1]?.deliveredAt).not.toBeNull();
    expect((await onlyConversation(access)).conversation).toMatchObject({ preview: "Yes, it arrives tomorrow.", lastDirection: "outbound" });
  });

  it("refuses text once the 24-hour window has closed, and sends an approved template instead", async () => {
    const setup = await connectedWorkspace([followUp]);
    expect(await syncTemplates(setup.workspaceId)).toMatchObject({ ok: true });
    const access = setup.owner.access;
    await inbound(setup, { from: "14155550302", name: "Omar", text: "Hello" });
    const { conversation } = await onlyConversation(access);

    // A reply queued inside the window, but the window closes before the sender gets to it.
    expect(await queueReply(access, conversation.id, { kind: "text", text: "Sorry for the wait" })).toEqual({ ok: true });
    await withWorkspace(setup.workspaceId, null, (tx) => tx`update conversations set last_inbound_at = now() - interval '25 hours'`);
    const [late] = await outboundIds(setup.workspaceId);
    await sendReply(setup.workspaceId, late!);

    // Typed after the window closed: refused in the action, nothing stored.
    expect(await queueReply(access, conversation.id, { kind: "text", text: "Are you there?" })).toMatchObject({ ok: false, windowClosed: true, field: "text" });

    const [template] = await withWorkspace(setup.workspaceId, null, (tx) => tx<{ id: string }[]>`select id from message_templates where name = 'follow_up'`);
    expect(await queueReply(access, conversation.id, { kind: "template", templateId: template!.id, values: {} })).toMatchObject({ ok: false, field: "value:body.1" });
    expect(await queueReply(access, conversation.id, { kind: "template", templateId: template!.id, values: { "body.1": "Omar" } })).toEqual({ ok: true });
    const [templateReply] = await outboundIds(setup.workspaceId);
    await sendReply(setup.workspaceId, templateReply!);

    const requests = await sentTo(setup);
    expect(requests.map((request) => request.body.type)).toEqual(["template"]);
    expect(requests[0]?.body.template?.name).toBe("follow_up");
    const items = await thread(access, conversation.id);
    expect(items.filter((item) => item.direction === "outbound").map((item) => [item.body, item.status, item.errorCode])).toEqual([
      ["Sorry for the wait", "failed", 131047],
      ["Hi Omar, we are still here to help with your order.", "sent", null],
    ]);
  });

  it("shows agents only what is theirs or nobody's, and lets them take it, note it, label it and resolve it", async () => {
    const setup = await connectedWorkspace();
    const owner = setup.owner.access;
    const agent = (await addMember(setup.owner, "agent")).access;
    const otherAgent = (await addMember(setup.owner, "agent")).access;
    await inbound(setup, { from: "14155550303", name: "Nadia", text: "First" });
    await inbound(setup, { from: "14155550304", name: "Karim", text: "Second" });
    const all = await withWorkspace(owner.workspace.id, owner.user.id, (tx) => listConversations(tx, owner, { tab: "open", q: "", after: null }));
    const nadia = all.conversations.find((conversation) => conversation.contactName === "Nadia")!;
    const karim = all.conversations.find((conversation) => conversation.contactName === "Karim")!;

    expect(await assignConversation(agent, nadia.id, otherAgent.user.id)).toMatchObject({ ok: false, field: "assignee" });
    expect(await assignConversation(owner, nadia.id, otherAgent.user.id)).toEqual({ ok: true });
    const seenByAgent = await withWorkspace(agent.workspace.id, agent.user.id, (tx) => listConversations(tx, agent, { tab: "open", q: "", after: null }));
    expect(seenByAgent.conversations.map((conversation) => conversation.contactName)).toEqual(["Karim"]);
    // Another agent's conversation cannot be opened, replied to or changed.
    expect(await queueReply(agent, nadia.id, { kind: "text", text: "Hi" })).toMatchObject({ ok: false });
    expect(await addNote(agent, nadia.id, "peek")).toMatchObject({ ok: false });
    expect(await withWorkspace(agent.workspace.id, agent.user.id, (tx) => findVisibleConversation(tx, agent, nadia.id))).toBeNull();

    expect(await assignConversation(agent, karim.id, agent.user.id)).toEqual({ ok: true });
    expect(await addNote(agent, karim.id, "Asked for a refund last week")).toEqual({ ok: true });
    expect(await changeLabel(agent, karim.id, "add", "  Refund ")).toEqual({ ok: true });
    const mine = await withWorkspace(agent.workspace.id, agent.user.id, (tx) => listConversations(tx, agent, { tab: "mine", q: "", after: null }));
    expect(mine.conversations).toMatchObject([{ contactName: "Karim", labels: ["refund"], assigneeName: expect.stringContaining("User ") }]);
    expect((await thread(agent, karim.id)).map((item) => [item.kind, item.body])).toEqual([
      ["message", "Second"],
      ["note", "Asked for a refund last week"],
    ]);

    expect(await setConversationStatus(agent, karim.id, "resolved")).toEqual({ ok: true });
    const resolved = await withWorkspace(agent.workspace.id, agent.user.id, (tx) => listConversations(tx, agent, { tab: "resolved", q: "", after: null }));
    expect(resolved.conversations.map((conversation) => conversation.contactName)).toEqual(["Karim"]);
    // A new message from the customer reopens it.
    await inbound(setup, { from: "14155550304", text: "One more thing" });
    const reopened = await withWorkspace(agent.workspace.id, agent.user.id, (tx) => listConversations(tx, agent, { tab: "mine", q: "", after: null }));
    expect(reopened.conversations).toMatchObject([{ contactName: "Karim", status: "open", preview: "One more thing" }]);

    const found = await withWorkspace(owner.workspace.id, owner.user.id, (tx) => listConversations(tx, owner, { tab: "open", q: "refund", after: null }));
    expect(found.conversations).toEqual([]);
    const byWords = await withWorkspace(owner.workspace.id, owner.user.id, (tx) => listConversations(tx, owner, { tab: "open", q: "thing", after: null }));
    expect(byWords.conversations.map((conversation) => conversation.contactName)).toEqual(["Karim"]);
    const bothWords = await withWorkspace(owner.workspace.id, owner.user.id, (tx) => listConversations(tx, owner, { tab: "open", q: "one thing", after: null }));
    expect(bothWords.conversations.map((conversation) => conversation.contactName)).toEqual(["Karim"]);
    const notTogether = await withWorkspace(owner.workspace.id, owner.user.id, (tx) => listConversations(tx, owner, { tab: "open", q: "first thing", after: null }));
    expect(notTogether.conversations).toEqual([]);
    const byName = await withWorkspace(owner.workspace.id, owner.user.id, (tx) => listConversations(tx, owner, { tab: "open", q: "nad", after: null }));
    expect(byName.conversations.map((conversation) => conversation.contactName)).toEqual(["Nadia"]);
  });

  // Seeding writes tens of thousands of rows of the words index, each checked against its message by a
  // foreign key. Postgres may check them with a plan made while the messages table was tiny (a scan of
  // it per row): the seed then took 20 s instead of 2 s. So the test seeds only the messages it needs
  // (half as many) and has more time than the default.
  it("finds a word in thousands of messages conversation by conversation, and a rare word from its few messages, with the same pages", { timeout: 60_000 }, async () => {
    const setup = await connectedWorkspace();
    const owner = setup.owner.access;
    const phoneNumberId = setup.account.phoneNumbers[0]?.id ?? "";
    const conversations = 240;
    const perConversation = Math.ceil(frequentWordMessages / (conversations / 2));
    // Every even conversation mentions the invoice in each of its many messages; every other one has a
    // single message, which in every tenth conversation mentions a parcel.
    await withWorkspace(owner.workspace.id, owner.user.id, async (tx) => {
      await tx`
        insert into contacts (workspace_id, phone_e164, name)
        select ${owner.workspace.id}, '+4479' || lpad(i::text, 8, '0'), 'Customer ' || i from generate_series(1, ${conversations}::int) i`;
      await tx`
        insert into conversations (workspace_id, contact_id, phone_number_id, status, last_message_at)
        select ${owner.workspace.id}, k.id, ${phoneNumberId}, 'open', now() - substr(k.phone_e164, 6)::int * interval '1 minute'
          from contacts k where k.phone_e164 like '+4479%'`;
      await tx`
        insert into conversation_messages (workspace_id, conversation_id, direction, type, body, payload, occurred_at)
        select ${owner.workspace.id}, c.id, 'inbound', 'text',
               case when n % 2 = 0 then 'Where is my invoice, message ' || m
                    when n % 10 = 5 and m = 1 then 'The parcel came' else 'Hello again' end,
               '{}'::jsonb, c.last_message_at
          from conversations c join contacts k on k.id = c.contact_id
         cross join lateral (select substr(k.phone_e164, 6)::int as n) number
         cross join generate_series(1, case when n % 2 = 0 then ${perConversation}::int else 1 end) m`;
    });
    const everyPage = async (q: string) => {
      const names: (string | null)[] = [];
      let after: string | null = null;
      do {
        const page = await withWorkspace(owner.workspace.id, owner.user.id, (tx) => listConversations(tx, owner, { tab: "open", q, after }));
        names.push(...page.conversations.map((conversation) => conversation.contactName));
        after = page.next;
      } while (after);
      return names;
    };
    const newestFirst = (keep: (n: number) => boolean) =>
      Array.from({ length: conversations }, (_, index) => index + 1).filter(keep).map((n) => `Customer ${n}`);

    expect(await everyPage("invoice")).toEqual(newestFirst((n) => n % 2 === 0));
    expect(await everyPage("parcel")).toEqual(newestFirst((n) => n % 10 === 5));
    expect(await everyPage("missing")).toEqual([]);
  });

  it("shows a contact's campaign message in its conversation and moves the conversation up; a business-started conversation may only send a template", async () => {
    const setup = await connectedWorkspace([followUp]);
    expect(await syncTemplates(setup.workspaceId)).toMatchObject({ ok: true });
    const access = setup.owner.access;
    const phoneNumberId = setup.account.phoneNumbers[0]?.id ?? "";
    await inbound(setup, { from: "14155550306", name: "Huda", text: "Thanks!" });
    const { conversation } = await onlyConversation(access);
    const [template] = await withWorkspace(setup.workspaceId, null, (tx) => tx<{ id: string }[]>`select id from message_templates where name = 'follow_up'`);
    const created = await createCampaign(access, { name: "Check-in", phoneNumberId, templateId: template!.id, "var:body.1:source": "name" });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    expect(await launchCampaign(setup.workspaceId, created.id)).toMatchObject({ ok: true, queued: 1 });
    while ((await sendCampaignRound(setup.workspaceId, created.id)) !== "stopped") await new Promise((resolve) => setTimeout(resolve, 50));

    expect((await onlyConversation(access)).conversation).toMatchObject({ preview: "Campaign: follow_up", lastDirection: "outbound" });
    expect((await thread(access, conversation.id)).map((item) => [item.kind, item.campaignName, item.status])).toEqual([
      ["message", null, null],
      ["campaign", "Check-in", "sent"],
    ]);

    const [newContact] = await withWorkspace(setup.workspaceId, null, (tx) => tx<{ id: string }[]>`
      insert into contacts (workspace_id, phone_e164, name) values (${setup.workspaceId}, '+14155550307', 'Reem') returning id`);
    const started = await startConversation(access, newContact!.id, phoneNumberId);
    if (!started.ok) throw new Error(started.error);
    expect(await startConversation(access, newContact!.id, phoneNumberId)).toEqual(started);
    expect(await startConversation(access, newContact!.id, "999")).toMatchObject({ ok: false });
    expect(await queueReply(access, started.conversationId, { kind: "text", text: "Hello Reem" })).toMatchObject({ ok: false, windowClosed: true });
    expect(await queueReply(access, started.conversationId, { kind: "template", templateId: template!.id, values: { "body.1": "Reem" } })).toEqual({ ok: true });
  });

  it("fetches and stores a photo the customer sent, and refuses an unsupported attachment before storing anything", async () => {
    const setup = await connectedWorkspace();
    const access = setup.owner.access;
    await inbound(setup, { from: "14155550305", name: "Sami", type: "image", image: { caption: "The broken part" } });
    const { conversation } = await onlyConversation(access);
    expect(conversation.preview).toBe("The broken part");
    const [media] = await withWorkspace(setup.workspaceId, null, (tx) => tx<{ id: string }[]>`select id from conversation_media`);
    expect(await fetchInboundMedia(setup.workspaceId, media!.id)).toBe("stored");
    expect(await fetchInboundMedia(setup.workspaceId, media!.id)).toBe("nothing to do");
    const stored = await withWorkspace(setup.workspaceId, access.user.id, (tx) => readConversationMedia(tx, access, media!.id));
    expect(stored?.mimeType).toBe("image/png");
    expect(stored?.data.subarray(1, 4).toString()).toBe("PNG");
    const [item] = await thread(access, conversation.id);
    expect(item?.media).toMatchObject({ ready: true, mimeType: "image/png" });

    const script = Buffer.from("#!/bin/sh\necho hi\n");
    expect(await queueReply(access, conversation.id, { kind: "attachment", caption: "", file: { data: script, size: script.length, mimeType: "application/x-sh", filename: "run.sh" } })).toMatchObject({
      ok: false,
      field: "file",
    });
    expect(await outboundIds(setup.workspaceId)).toEqual([]);
  });
});
