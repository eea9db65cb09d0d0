// Connects (or reconnects) a workspace to its WhatsApp Business Account: every id and the token are
// checked against the Graph API first, so nothing is saved as connected unless Meta accepted it.
import postgres from "postgres";
import { enqueueJob } from "../../../jobs/enqueue";
import { randomToken } from "~/lib/crypto.server";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { sealSecret } from "~/lib/secrets.server";
import { recordSecurityEvent, type RequestMeta } from "../audit/security-events.server";
import { checkPlanLimit } from "../billing/check-plan-limit.server";
import type { LimitCheck } from "../billing/evaluate-limit";
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";
import { GraphApiError, describeGraphFailure, listPhoneNumbers, subscribeApp, type PhoneNumberInfo } from "./graph.server";
import { readCredentials } from "./read-connection.server";
import { WhatsAppConnectionForm } from "./schemas";

export type ConnectResult = { ok: true; numbers: PhoneNumberInfo[] } | { ok: false; errors: FieldErrors; limit?: { message: string; upgradeUrl: string } };

/** Which field a Graph refusal is about, so its message lands next to the right input. */
function fieldFor(error: unknown): string {
  if (error instanceof GraphApiError && [190, 200, 10].includes(error.code)) return "accessToken";
  if (error instanceof GraphApiError && error.code === 100) return "wabaId";
  return "form";
}

export async function connectWhatsApp(access: WorkspaceAccess, input: Record<string, unknown>, meta: RequestMeta): Promise<ConnectResult> {
  const parsed = WhatsAppConnectionForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const form = parsed.data;
  const stored = await inWorkspace(access, readCredentials);
  const accessToken = form.accessToken ?? stored?.accessToken;
  const appSecret = form.appSecret ?? stored?.appSecret;
  if (!accessToken) return { ok: false, errors: { accessToken: "Paste the permanent access token of your system user" } };
  if (!appSecret) return { ok: false, errors: { appSecret: "Paste the app secret, so webhooks from Meta can be verified" } };
  const credentials = { accessToken, apiVersion: form.apiVersion };

  let available: PhoneNumberInfo[];
  try {
    available = await listPhoneNumbers(credentials, form.wabaId);
    await subscribeApp(credentials, form.wabaId);
  } catch (error) {
    return { ok: false, errors: { [fieldFor(error)]: describeGraphFailure(error) } };
  }
  const missing = form.phoneNumberIds.filter((id) => !available.some((number) => number.id === id));
  if (missing.length > 0) {
    const known = available.map((number) => `${number.id} (${number.display_phone_number})`).join(", ") || "none";
    return { ok: false, errors: { phoneNumberIds: `Not in this WhatsApp Business Account: ${missing.join(", ")}. Its numbers: ${known}` } };
  }
  const numbers = available.filter((number) => form.phoneNumberIds.includes(number.id));

  const token = sealSecret(accessToken);
  const secret = sealSecret(appSecret);
  let refused: Extract<LimitCheck, { ok: false }> | undefined;
  try {
    await inWorkspace(access, async (tx) => {
      const workspaceId = access.workspace.id;
      // Numbers already connected and kept stay counted; only the new ones are added.
      const [kept] = await tx<{ count: number }[]>`
        select count(*)::int as count from whatsapp_phone_numbers where phone_number_id = any(${form.phoneNumberIds})`;
      const numbersLimit = await checkPlanLimit(tx, { workspaceId, limit: "phoneNumbers", used: kept!.count, adding: numbers.length - kept!.count });
      if (!numbersLimit.ok) {
        refused = numbersLimit;
        return;
      }
      await tx`
        insert into whatsapp_accounts (workspace_id, waba_id, access_token_ciphertext, access_token_key_id, app_secret_ciphertext,
                                       app_secret_key_id, verify_token, webhook_key, graph_api_version, marketing_messages_enabled,
                                       connected_by, last_checked_at)
        values (${workspaceId}, ${form.wabaId}, ${token.ciphertext}, ${token.keyId}, ${secret.ciphertext}, ${secret.keyId},
                ${form.verifyToken}, ${randomToken(24)}, ${form.apiVersion}, ${form.marketingMessages}, ${access.user.id}, now())
        on conflict (workspace_id) do update set
          waba_id = excluded.waba_id, access_token_ciphertext = excluded.access_token_ciphertext,
          access_token_key_id = excluded.access_token_key_id, app_secret_ciphertext = excluded.app_secret_ciphertext,
          app_secret_key_id = excluded.app_secret_key_id, verify_token = excluded.verify_token,
          graph_api_version = excluded.graph_api_version, marketing_messages_enabled = excluded.marketing_messages_enabled,
          connected_by = excluded.connected_by, last_checked_at = now(), updated_at = now()`;
      await tx`delete from whatsapp_phone_numbers where not (phone_number_id = any(${form.phoneNumberIds}))`;
      for (const number of numbers) {
        await tx`
          insert into whatsapp_phone_numbers (workspace_id, phone_number_id, display_phone_number, verified_name, quality_rating, messaging_limit_tier)
          values (${workspaceId}, ${number.id}, ${number.display_phone_number}, ${number.verified_name}, ${number.quality_rating}, ${number.messaging_limit_tier ?? null})
          on conflict (workspace_id, phone_number_id) do update set
            display_phone_number = excluded.display_phone_number, verified_name = excluded.verified_name,
            quality_rating = excluded.quality_rating, messaging_limit_tier = excluded.messaging_limit_tier, synced_at = now()`;
      }
      await recordSecurityEvent(tx, workspaceId, {
        kind: "whatsapp_connected",
        actorId: access.user.id,
        meta,
        details: { wabaId: form.wabaId, numbers: form.phoneNumberIds.join(", ") },
      });
      await enqueueJob(tx, "sync-templates", { workspaceId }, { jobKey: `sync-templates:${workspaceId}` });
    });
  } catch (error) {
    if (error instanceof postgres.PostgresError && error.constraint_name === "whatsapp_phone_numbers_number_idx") {
      return { ok: false, errors: { phoneNumberIds: "One of these phone numbers is already connected to another workspace" } };
    }
    throw error;
  }
  if (refused) return { ok: false, errors: {}, limit: { message: refused.message, upgradeUrl: refused.upgradeUrl } };
  return { ok: true, numbers };
}
