// A 5,000-recipient campaign through the Meta emulator with the number's faults injected: Meta
// refuses the excess over its own limit for the number with 130429 (the app is set to send faster),
// fails some messages with 131026, and duplicates and reorders the status webhooks. Meta's request
// log then shows every recipient accepted exactly once, the ledger holds every message in the final
// state Meta's statuses say, and the campaign page's funnel equals the ledger.
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { readCampaign } from "../../app/modules/campaigns/read-campaigns.server";
import { setSendingRate } from "../../app/modules/whatsapp/set-sending-rate.server";
import { syncTemplates } from "../../app/modules/whatsapp/sync-templates.server";
import { draftAndLaunch, orderUpdate, runSenders, subscribeToGrowth } from "../helpers/campaigns";
import { metaAdmin } from "../helpers/meta-emulator";
import { connectedWorkspace, deliverWebhooks } from "../helpers/whatsapp-workspace";

const recipients = 5_000;
/** The rate an admin set for the number in the app, above what Meta allows it (`metaRatePerSecond`). */
const appRatePerSecond = 1_000;
/** Meta's limit for the number: below what two senders manage even on a busy machine, so 130429s come. */
const metaRatePerSecond = 200;
const faults = { failureRates: { "131026": 0.04 }, duplicateRate: 0.1, reorderRate: 0.2, dropRate: 0.01 };
/**
 * Meta batches a busy business's webhooks; one status per POST would have the app store some 16,000
 * deliveries, which alone takes minutes on a busy machine (each stored delivery also enqueues the
 * workspace's one apply job, and those enqueues wait on one another).
 */
const webhookBatchSize = 100;
/** Meta's logs are rings shared with every test file: made large enough to hold this campaign while others run. */
const logCap = 60_000;

interface LoggedSend {
  seq: number;
  status: number;
  body: { to: string; biz_opaque_callback_data: string };
  response: { messages?: { id: string }[]; error?: { code: number } };
}

interface StatusEntry {
  id: string;
  status: "sent" | "delivered" | "read" | "failed";
  biz_opaque_callback_data?: string;
  errors?: { code: number }[];
}

interface LoggedWebhook {
  seq: number;
  outcome: string;
  duplicateOf?: number;
  body: { entry: { changes: { field: string; value: { statuses?: StatusEntry[] } }[] }[] };
}

interface LedgerRow {
  id: string;
  recipientPhone: string;
  status: string;
  wamid: string | null;
  errorCode: number | null;
  deliveredAt: Date | null;
}

/** What Meta's statuses that reached the app make of a message the sender recorded as sent. */
function expectedState(statuses: Set<StatusEntry["status"]>): string {
  if (statuses.has("read")) return "read";
  if (statuses.has("delivered")) return "delivered";
  if (statuses.has("failed")) return "failed";
  return "sent";
}

describe("a campaign under injected faults", () => {
  it("sends each recipient exactly once and ends every message in the state Meta reported", { timeout: 150_000 }, async () => {
    const started = Date.now();
    const { owner, workspaceId, account, webhookKey } = await connectedWorkspace([orderUpdate]);
    const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
    expect(await syncTemplates(workspaceId)).toMatchObject({ ok: true });
    await subscribeToGrowth(workspaceId);
    expect(await setSendingRate(owner.access, { phoneNumberId, throughputPerSecond: appRatePerSecond })).toEqual({ ok: true });
    // Faults on this number and batching on this account only: other test files share the emulator.
    await metaAdmin("PATCH", `phone-numbers/${phoneNumberId}`, { throughputPerSecond: metaRatePerSecond, ...faults });
    await metaAdmin("PATCH", `accounts/${account.wabaId}`, { webhookBatchSize });
    // Larger logs only keep more: never shrunk, as another file may be reading its own entries.
    const config = await metaAdmin<{ requestRecordCap: number; webhookRecordCap: number }>("GET", "config");
    if (config.requestRecordCap < logCap || config.webhookRecordCap < logCap) {
      await metaAdmin("PATCH", "config", { requestRecordCap: Math.max(logCap, config.requestRecordCap), webhookRecordCap: Math.max(logCap, config.webhookRecordCap) });
    }
    await withWorkspace(workspaceId, null, (tx) => tx`
      insert into contacts (workspace_id, phone_e164, name)
      select ${workspaceId}, '+1555' || lpad(n::text, 7, '0'), 'Customer ' || n from generate_series(1, ${recipients}) n`);
    const [template] = await withWorkspace(workspaceId, null, (tx) => tx<{ id: string }[]>`select id from message_templates where name = 'order_update'`);
    const [last] = (await metaAdmin<{ data: { seq: number }[] }>("GET", "requests")).data.slice(-1);
    const since = last?.seq ?? 0;

    // When: the campaign is launched, two senders send it, and Meta's webhooks (duplicates included) reach the app.
    const campaignId = await draftAndLaunch(owner, phoneNumberId, template?.id ?? "");
    const sendStarted = Date.now();
    await runSenders(workspaceId, campaignId);
    const sendSeconds = (Date.now() - sendStarted) / 1000;
    const deliveryStarted = Date.now();
    await deliverWebhooks(workspaceId, account, webhookKey, 1, 8);
    const deliverySeconds = (Date.now() - deliveryStarted) / 1000;

    // Then Meta accepted every recipient exactly once; those it refused with 130429 were sent again later.
    const everything = await metaAdmin<{ data: { seq: number }[] }>("GET", `requests?since=${since}`);
    expect(everything.data[0]?.seq).toBe(since + 1);
    const sends = (await metaAdmin<{ data: LoggedSend[] }>("GET", `requests?path=${phoneNumberId}/messages&method=POST&since=${since}`)).data;
    const accepted = sends.filter((send) => send.status === 200);
    const throttled = sends.filter((send) => send.response.error?.code === 130429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.length + accepted.length).toBe(sends.length);
    const acceptedTo = accepted.map((send) => send.body.to);
    expect(acceptedTo).toHaveLength(recipients);
    expect(new Set(acceptedTo).size).toBe(recipients);
    const wamidOf = new Map(accepted.map((send) => [send.body.biz_opaque_callback_data, send.response.messages?.[0]?.id]));

    // Meta's statuses by our message id: in the order Meta emitted them, and those that reached the app (dropped ones did not).
    const hooks = (await metaAdmin<{ data: LoggedWebhook[] }>("GET", `webhooks?wabaId=${account.wabaId}&field=messages`)).data;
    const emitted = new Map<string, StatusEntry[]>();
    const heard = new Map<string, Set<StatusEntry["status"]>>();
    for (const hook of hooks) {
      for (const status of hook.body.entry.flatMap((entry) => entry.changes).flatMap((change) => change.value.statuses ?? [])) {
        const id = status.biz_opaque_callback_data ?? "";
        if (hook.duplicateOf === undefined) emitted.set(id, [...(emitted.get(id) ?? []), status]);
        if (hook.outcome !== "dropped") heard.set(id, (heard.get(id) ?? new Set()).add(status.status));
      }
    }
    // The webhook log still holds every message's statuses.
    expect(new Set(emitted.keys())).toEqual(new Set(wamidOf.keys()));
    const failedByMeta = [...emitted.values()].flat().filter((status) => status.status === "failed");
    expect(failedByMeta.length).toBeGreaterThan(0);
    expect(new Set(failedByMeta.map((status) => status.errors?.[0]?.code))).toEqual(new Set([131026]));
    const steps = (id: string) => (emitted.get(id) ?? []).map((status) => status.status);
    const reordered = [...emitted.keys()].filter((id) => steps(id).includes("read") && steps(id).indexOf("read") < steps(id).indexOf("delivered"));
    expect(reordered.length).toBeGreaterThan(0);
    const duplicates = hooks.filter((hook) => hook.duplicateOf !== undefined).length;
    expect(duplicates).toBeGreaterThan(0);

    // Every message sits in the state Meta's statuses put it in, with Meta's wamid and error code.
    const ledger = await withWorkspace(workspaceId, null, (tx) => tx<LedgerRow[]>`
      select id, recipient_phone, status, wamid, error_code, delivered_at from campaign_messages where campaign_id = ${campaignId}`);
    expect(ledger).toHaveLength(recipients);
    expect(new Set(ledger.map((row) => row.recipientPhone.replace(/^\+/, "")))).toEqual(new Set(acceptedTo));
    const mismatches = ledger.filter((row) => {
      const state = expectedState(heard.get(row.id) ?? new Set());
      return (
        row.status !== state ||
        row.wamid !== wamidOf.get(row.id) ||
        row.errorCode !== (state === "failed" ? 131026 : null) ||
        (state === "read" && row.deliveredAt === null)
      );
    });
    expect(mismatches).toEqual([]);
    // Read before delivered still ends read, with the delivery stamped.
    const byId = new Map(ledger.map((row) => [row.id, row]));
    const readFirst = reordered.filter((id) => heard.get(id)?.has("read")).map((id) => byId.get(id));
    expect(readFirst.length).toBeGreaterThan(0);
    expect(readFirst.filter((row) => row?.status !== "read" || row.deliveredAt === null)).toEqual([]);

    // The campaign page's funnel and failure groups are the ledger's counts, and the campaign completed.
    const campaign = await withWorkspace(workspaceId, null, (tx) => readCampaign(tx, campaignId));
    if (!campaign) throw new Error("the campaign page found no campaign");
    const ledgerCounts = Object.fromEntries(Object.keys(campaign.funnel).map((step) => [step, ledger.filter((row) => row.status === step).length]));
    expect(campaign.funnel).toEqual(ledgerCounts);
    expect(campaign.failures.map(({ code, count }) => ({ code, count }))).toEqual([{ code: 131026, count: ledgerCounts.failed }]);
    expect(campaign.status).toBe("completed");

    const dropped = hooks.filter((hook) => hook.outcome === "dropped").length;
    console.info(
      `campaign under faults: ${recipients} recipients, each accepted once; ${throttled.length} sends answered 130429 and sent again; ` +
        `${failedByMeta.length} failed by Meta with 131026; ${hooks.length} webhook POSTs (${duplicates} duplicated, ${dropped} dropped), ` +
        `${reordered.length} messages read before delivered; sent in ${sendSeconds.toFixed(1)} s, webhooks delivered and applied in ` +
        `${deliverySeconds.toFixed(1)} s, ${((Date.now() - started) / 1000).toFixed(1)} s in all; funnel ${JSON.stringify(campaign.funnel)}`,
    );
  });
});
