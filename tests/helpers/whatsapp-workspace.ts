// A workspace connected to an account of its own at the Meta emulator, and the webhook path as Meta
// drives it: what the emulator emitted, signed and posted to the workspace's webhook, then applied.
import { createHmac } from "node:crypto";
import { expect } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { applyPendingWebhooks } from "../../app/modules/whatsapp/apply-webhook-event.server";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { receiveWebhook } from "../../app/modules/whatsapp/receive-webhook.server";
import { createAccount, meta, type TestAccount } from "./factories";
import { connectionForm, metaAdmin, provisionMetaAccount, type ProvisionedAccount } from "./meta-emulator";

export interface ConnectedWorkspace {
  owner: TestAccount;
  workspaceId: string;
  account: ProvisionedAccount;
  webhookKey: string;
}

export async function connectedWorkspace(templates: unknown[] = []): Promise<ConnectedWorkspace> {
  const owner = await createAccount();
  const account = await provisionMetaAccount(templates);
  expect(await connectWhatsApp(owner.access, connectionForm(account), meta)).toMatchObject({ ok: true });
  const workspaceId = owner.access.workspace.id;
  const [row] = await withWorkspace(workspaceId, null, (tx) => tx<{ webhookKey: string }[]>`select webhook_key from whatsapp_accounts`);
  return { owner, workspaceId, account, webhookKey: row?.webhookKey ?? "" };
}

/**
 * Sends what the emulator has emitted for the account through the workspace's webhook (`times` over,
 * `concurrency` deliveries at a time, in the emulator's order otherwise), then applies it. Webhooks
 * the emulator dropped never reach the app.
 */
export async function deliverWebhooks(workspaceId: string, account: ProvisionedAccount, webhookKey: string, times = 1, concurrency = 1): Promise<void> {
  await metaAdmin("POST", "settle", { timeoutMs: 5_000, wabaId: account.wabaId });
  const hooks = await metaAdmin<{ data: { body: unknown; outcome: string }[] }>("GET", `webhooks?wabaId=${account.wabaId}&field=messages`);
  const sent = hooks.data.filter((hook) => hook.outcome !== "dropped");
  for (let round = 0; round < times; round++) {
    let next = 0;
    const deliver = async () => {
      for (let hook = sent[next++]; hook; hook = sent[next++]) {
        const raw = Buffer.from(JSON.stringify(hook.body));
        const signature = `sha256=${createHmac("sha256", account.appSecret).update(raw).digest("hex")}`;
        expect((await receiveWebhook(webhookKey, raw, signature)).status).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, deliver));
  }
  await applyPendingWebhooks(workspaceId);
}
