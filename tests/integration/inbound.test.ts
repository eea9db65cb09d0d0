// Inbound messages through the whole ingest path (signed webhook → stored event → job): contacts are
// found or created by phone or WhatsApp user id, conversations open, repeats are stored once, and
// STOP opts a contact out.
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { metaAdmin } from "../helpers/meta-emulator";
import { connectedWorkspace, deliverWebhooks } from "../helpers/whatsapp-workspace";

describe("inbound messages", () => {
  it("open a conversation per contact, store each message once, and create unknown senders", async () => {
    const { workspaceId, account, webhookKey } = await connectedWorkspace();
    const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
    await withWorkspace(workspaceId, null, (tx) => tx`insert into contacts (workspace_id, phone_e164, name) values (${workspaceId}, '+14155550123', 'Known Customer')`);
    await metaAdmin("POST", "inbound", { phoneNumberId, from: "14155550123", name: "Profile Name", text: "Where is my order?" });
    await metaAdmin("POST", "inbound", { phoneNumberId, username: "desert.rose", name: "Rose", withholdPhone: true, text: "Hello" });
    await deliverWebhooks(workspaceId, account, webhookKey, 2);

    const contacts = await withWorkspace(workspaceId, null, (tx) => tx<{ name: string; phoneE164: string | null; bsuid: string | null; username: string | null }[]>`
      select name, phone_e164, bsuid, username from contacts order by name`);
    expect(contacts).toHaveLength(2);
    // The known contact keeps the business's name and gains its WhatsApp user id; the username user has no number.
    expect(contacts[0]).toMatchObject({ name: "Known Customer", phoneE164: "+14155550123", bsuid: expect.stringMatching(/^[A-Z]{2}\./) });
    expect(contacts[1]).toMatchObject({ name: "Rose", phoneE164: null, username: "desert.rose", bsuid: expect.stringMatching(/^[A-Z]{2}\./) });

    const threads = await withWorkspace(workspaceId, null, (tx) => tx<{ unreadCount: number; body: string }[]>`
      select c.unread_count, m.body from conversations c join conversation_messages m on m.conversation_id = c.id order by m.body`);
    expect(threads).toEqual([
      { unreadCount: 1, body: "Hello" },
      { unreadCount: 1, body: "Where is my order?" },
    ]);
  });

  it("opts a contact out on STOP and on an opt-out button, and not on other words", async () => {
    const { workspaceId, account, webhookKey } = await connectedWorkspace();
    const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
    await metaAdmin("POST", "inbound", { phoneNumberId, from: "14155550201", text: "STOP" });
    await metaAdmin("POST", "inbound", { phoneNumberId, from: "14155550202", type: "button", button: { text: "Stop promotions" } });
    await metaAdmin("POST", "inbound", { phoneNumberId, from: "14155550203", text: "Don't stop, I love it" });
    await deliverWebhooks(workspaceId, account, webhookKey);
    const contacts = await withWorkspace(workspaceId, null, (tx) => tx<{ phoneE164: string; optOutSource: string | null }[]>`
      select phone_e164, opt_out_source from contacts order by phone_e164`);
    expect(contacts).toEqual([
      { phoneE164: "+14155550201", optOutSource: "keyword" },
      { phoneE164: "+14155550202", optOutSource: "whatsapp" },
      { phoneE164: "+14155550203", optOutSource: null },
    ]);
  });
});
