// A benchmark workspace connected to its own account at the Meta emulator through the product's
// connect module, and webhook bodies signed as Meta signs them, for the scenarios that feed the
// webhook intake. Imports the app: load it only once DATABASE_URL and META_GRAPH_URL are final.
import { createHmac } from "node:crypto";
import { withWorkspace } from "../../db/transactions";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { workspaceAccessAs } from "../db/workspace-access";
import type { BenchAccount } from "./db-scenarios";
import { admin } from "./meta-emulator-scenarios";

export interface MetaAccount {
  wabaId: string;
  accessToken: string;
  appSecret: string;
  phoneNumbers: { id: string; displayPhoneNumber: string; verifiedName: string }[];
}

/** Provisions `meta` at the emulator, connects the account's workspace to its first number and returns the webhook key. */
export async function connectBenchWhatsApp(origin: string, account: BenchAccount, meta: MetaAccount, templates: unknown[] = []): Promise<{ webhookKey: string }> {
  await admin(origin, "POST", "accounts", { ...meta, templates });
  const access = await workspaceAccessAs(account.userId, account.slug);
  const connected = await connectWhatsApp(
    access,
    { wabaId: meta.wabaId, phoneNumberIds: meta.phoneNumbers[0]?.id, accessToken: meta.accessToken, appSecret: meta.appSecret, verifyToken: "bench_verify_token_0001", apiVersion: "v24.0" },
    { ip: "127.0.0.1", userAgent: "kiana-bench" },
  );
  if (!connected.ok) throw new Error(`connect refused: ${JSON.stringify(connected.errors)}`);
  const [row] = await withWorkspace(account.workspaceId, null, (tx) => tx<{ webhookKey: string }[]>`select webhook_key from whatsapp_accounts`);
  if (!row) throw new Error("the connection stored no webhook key");
  return { webhookKey: row.webhookKey };
}

/** A `messages` change for one phone number, in Meta's envelope, as the raw bytes Meta would post. */
export function messagesWebhook(phoneNumberId: string, value: Record<string, unknown>): Buffer {
  return Buffer.from(
    JSON.stringify({
      object: "whatsapp_business_account",
      entry: [{ id: "bench", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { phone_number_id: phoneNumberId }, ...value } }] }],
    }),
  );
}

/** The X-Hub-Signature-256 header Meta sends with `raw`. */
export function webhookSignature(raw: Buffer, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(raw).digest("hex")}`;
}
