// A workspace's WhatsApp connection as pages show it (never the secrets), and the opened
// credentials that server code needs to call the Graph API on the workspace's behalf.
import type { Tx } from "../../../db/transactions";
import { openSecret } from "~/lib/secrets.server";
import type { GraphCredentials } from "./graph.server";

export interface ConnectedNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: string;
  messagingLimitTier: string | null;
  throughputPerSecond: number;
  syncedAt: Date;
}

export interface WhatsAppConnection {
  wabaId: string;
  verifyToken: string;
  webhookKey: string;
  graphApiVersion: string;
  marketingMessagesEnabled: boolean;
  connectedAt: Date;
  lastCheckedAt: Date | null;
  templatesSyncedAt: Date | null;
  numbers: ConnectedNumber[];
}

export interface SendingNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
}

/** The numbers a message can go out from, for the pickers of campaigns and conversations. */
export function listSendingNumbers(tx: Tx): Promise<SendingNumber[]> {
  return tx<SendingNumber[]>`select phone_number_id, display_phone_number, verified_name from whatsapp_phone_numbers order by display_phone_number, phone_number_id`;
}

export async function readConnection(tx: Tx): Promise<WhatsAppConnection | null> {
  const [account] = await tx<Omit<WhatsAppConnection, "numbers">[]>`
    select waba_id, verify_token, webhook_key, graph_api_version, marketing_messages_enabled,
           connected_at, last_checked_at, templates_synced_at
      from whatsapp_accounts`;
  if (!account) return null;
  const numbers = await tx<ConnectedNumber[]>`
    select phone_number_id, display_phone_number, verified_name, quality_rating, messaging_limit_tier,
           throughput_per_second, synced_at
      from whatsapp_phone_numbers order by display_phone_number, phone_number_id`;
  return { ...account, numbers };
}

export interface WhatsAppCredentials extends GraphCredentials {
  wabaId: string;
  appSecret: string;
}

/** The workspace's Graph API credentials, opened; null when it has not connected WhatsApp. */
export async function readCredentials(tx: Tx): Promise<WhatsAppCredentials | null> {
  const [row] = await tx<{ wabaId: string; graphApiVersion: string; accessTokenCiphertext: Buffer; accessTokenKeyId: string; appSecretCiphertext: Buffer; appSecretKeyId: string }[]>`
    select waba_id, graph_api_version, access_token_ciphertext, access_token_key_id, app_secret_ciphertext, app_secret_key_id
      from whatsapp_accounts`;
  if (!row) return null;
  return {
    wabaId: row.wabaId,
    apiVersion: row.graphApiVersion,
    accessToken: openSecret({ keyId: row.accessTokenKeyId, ciphertext: row.accessTokenCiphertext }),
    appSecret: openSecret({ keyId: row.appSecretKeyId, ciphertext: row.appSecretCiphertext }),
  };
}

/** Only the app secret, opened: what checking a webhook's signature needs. */
export async function readAppSecret(tx: Tx): Promise<string | null> {
  const [row] = await tx<{ appSecretCiphertext: Buffer; appSecretKeyId: string }[]>`select app_secret_ciphertext, app_secret_key_id from whatsapp_accounts`;
  return row ? openSecret({ keyId: row.appSecretKeyId, ciphertext: row.appSecretCiphertext }) : null;
}
