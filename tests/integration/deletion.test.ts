// The data deletion workflow end to end at the module level: request, verification, review,
// execution that empties exactly one workspace (and resumes after a crash), Meta's callback.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { withSystem, withWorkspace, withoutTenant } from "../../db/transactions";
import { createCampaign } from "../../app/modules/campaigns/create-campaign.server";
import { launchCampaign } from "../../app/modules/campaigns/launch-campaign.server";
import { recordMessageStatuses } from "../../app/modules/campaigns/record-message-status.server";
import { reserveSendSlots } from "../../app/modules/campaigns/reserve-send-slots.server";
import { saveFilter } from "../../app/modules/contacts/saved-filters.server";
import { addNote } from "../../app/modules/inbox/conversation-actions.server";
import { recordInboundMessages } from "../../app/modules/inbox/record-inbound-messages.server";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { receiveWebhook } from "../../app/modules/whatsapp/receive-webhook.server";
import { syncTemplates } from "../../app/modules/whatsapp/sync-templates.server";
import { env } from "../../app/lib/env.server";
import { digestToken } from "../../app/lib/crypto.server";
import { logIn } from "../../app/modules/auth/log-in.server";
import { getSessionUser } from "../../app/modules/auth/sessions.server";
import { decideDeletionRequest, deletionRequestForStaff } from "../../app/modules/deletion/console.server";
import { executeDeletion, retainedTables } from "../../app/modules/deletion/execute-deletion.server";
import { openMetaDeletionRequest } from "../../app/modules/deletion/meta-callback.server";
import { requestWorkspaceDeletion } from "../../app/modules/deletion/owner-request.server";
import { requestStatus, resendDeletionVerification, submitDeletionRequest, verifyDeletionRequest } from "../../app/modules/deletion/requests.server";
import { signRequest } from "../../app/modules/deletion/signed-request";
import { inviteMember } from "../../app/modules/workspaces/team.server";
import { createAccount, goodPassword, meta, ownerSql, requestAs, uniqueName, type TestAccount } from "../helpers/factories";
import { connectionForm, provisionMetaAccount } from "../helpers/meta-emulator";

/** Each submission from its own address, so the per-IP limit of one test never touches another. */
function fromNewIp() {
  return { ...meta, ip: `192.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
}

/** The newest link of a queued email to `to`, as the requester would click it. */
async function latestLink(to: string, template: string): Promise<string> {
  const sql = ownerSql();
  const [job] = await sql<{ url: string }[]>`
    select j.payload->'data'->>'url' as url from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'send-email' and j.payload->>'template' = ${template} and j.payload->>'to' = ${to}
     order by j.id desc limit 1`;
  await sql.end();
  if (!job) throw new Error(`no ${template} email to ${to}`);
  return new URL(job.url).pathname.split("/").pop()!;
}

async function staffUser() {
  const account = await createAccount();
  const sql = ownerSql();
  await sql`update users set is_staff = true where id = ${account.userId}`;
  await sql.end();
  return (await getSessionUser(requestAs(account.cookie)))!;
}

/** Every tenant table's rows of a workspace, as JSON, in a stable order (read past RLS as the system role). */
async function snapshot(workspaceId: string): Promise<Record<string, unknown[]>> {
  return withSystem(async (tx) => {
    const tables = await tx<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'workspace_id')`;
    const result: Record<string, unknown[]> = {};
    for (const { name } of [...tables, { name: "workspaces" }]) {
      const key = name === "workspaces" ? "id" : "workspace_id";
      const rows = await tx.unsafe(`select to_jsonb(t)::text as row from "${name}" t where "${key}" = $1 order by 1`, [workspaceId]);
      result[name] = rows.map((row) => row.row);
    }
    return result;
  });
}

/** A workspace with rows in every tenant table: a second member, an open invitation, security events. */
const orderUpdate = {
  name: "order_update",
  language: "en_US",
  category: "UTILITY",
  components: [{ type: "BODY", text: "Hi {{1}}, your order has shipped.", example: { body_text: [["Sara"]] } }],
};

/**
 * A workspace with rows in every tenant table, made through the product's own modules where one
 * exists: team, WhatsApp connection, templates, contacts and an import, a launched campaign, webhooks,
 * a conversation with a photo and a note, a saved filter, and billing records.
 */
async function busyWorkspace(): Promise<TestAccount> {
  const owner = await createAccount({ workspaceName: uniqueName("Shop ") });
  const workspaceId = owner.access.workspace.id;
  const invited = await inviteMember(owner.access, { email: `${uniqueName("pending")}@example.test`, role: "agent" }, meta);
  expect(invited.ok).toBe(true);

  const account = await provisionMetaAccount([orderUpdate]);
  expect(await connectWhatsApp(owner.access, connectionForm(account), meta)).toMatchObject({ ok: true });
  expect(await syncTemplates(workspaceId)).toMatchObject({ ok: true });
  const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
  const raw = Buffer.from(JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: account.wabaId, changes: [{ field: "messages", value: { statuses: [] } }] }] }));
  const [connection] = await withWorkspace(workspaceId, null, (tx) => tx<{ webhookKey: string }[]>`select webhook_key from whatsapp_accounts`);
  expect((await receiveWebhook(connection?.webhookKey ?? "", raw, `sha256=${createHmac("sha256", account.appSecret).update(raw).digest("hex")}`)).status).toBe(200);

  await withWorkspace(workspaceId, null, async (tx) => {
    const [contact] = await tx<{ id: string }[]>`insert into contacts (workspace_id, phone_e164, name) values (${workspaceId}, '+14155550999', 'Sara') returning id`;
    await tx`insert into contact_tags (workspace_id, contact_id, tag) values (${workspaceId}, ${contact?.id ?? null}, 'vip')`;
    const [upload] = await tx<{ id: string }[]>`insert into contact_imports (workspace_id, filename, status) values (${workspaceId}, 'contacts.csv', 'completed') returning id`;
    await tx`insert into contact_import_chunks (workspace_id, import_id, seq, data) values (${workspaceId}, ${upload?.id ?? null}, 0, ${Buffer.from("phone\n12\n")})`;
    await tx`insert into contact_import_failures (workspace_id, import_id, row_number, "values", reason) values (${workspaceId}, ${upload?.id ?? null}, 2, ${["12"]}, 'Not a phone number')`;
    await recordInboundMessages(tx, workspaceId, {
      metadata: { phone_number_id: phoneNumberId },
      contacts: [{ wa_id: "14155550999", profile: { name: "Sara" } }],
      messages: [
        { id: `wamid.${uniqueName()}`, from: "14155550999", timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: "Hi" } },
        { id: `wamid.${uniqueName()}`, from: "14155550999", timestamp: String(Math.floor(Date.now() / 1000)), type: "image", image: { id: "1234567890", mime_type: "image/png" } },
      ],
    });
    await recordMessageStatuses(tx, workspaceId, [{ id: "wamid.not-ours-yet", status: "delivered", timestamp: 1700000000 }]);
    await reserveSendSlots(tx, { workspaceId, phoneNumberId, wanted: 1 });
  });
  const [conversation] = await withWorkspace(workspaceId, null, (tx) => tx<{ id: string }[]>`select id from conversations`);
  expect(await addNote(owner.access, conversation?.id ?? "", "Prefers Arabic")).toEqual({ ok: true });
  expect(await saveFilter(owner.access, "VIP", { q: "", tag: "vip", status: "all" })).toEqual({ ok: true });
  const [template] = await withWorkspace(workspaceId, null, (tx) => tx<{ id: string }[]>`select id from message_templates`);
  const campaign = await createCampaign(owner.access, { name: "Notice", phoneNumberId, templateId: template?.id ?? "", "var:body.1:source": "name" });
  if (!campaign.ok) throw new Error(JSON.stringify(campaign.errors));
  expect(await launchCampaign(workspaceId, campaign.id)).toMatchObject({ ok: true, queued: 1 });
  // Billing records last: the canceled subscription locks the workspace.
  await withWorkspace(workspaceId, null, async (tx) => {
    await tx`insert into billing_accounts (workspace_id, stripe_customer_id, business_name) values (${workspaceId}, ${`cus_${uniqueName()}`}, 'Shop LLC')`;
    await tx`insert into billing_subscriptions (workspace_id, stripe_subscription_id, stripe_customer_id, status, price_id, stripe_created_at, observed_at)
             values (${workspaceId}, ${`sub_${uniqueName()}`}, 'cus_x', 'canceled', 'price_x', now(), now())`;
    await tx`insert into billing_invoices (workspace_id, stripe_invoice_id, status, currency, subtotal, total, amount_paid, amount_remaining, description,
                                           billed_to, hosted_invoice_url, stripe_created_at, observed_at)
             values (${workspaceId}, ${`in_${uniqueName()}`}, 'paid', 'usd', 1000, 1000, 1000, 0, 'Growth plan',
                     '{"name": "Shop LLC", "address": "1 Sea Road, Muscat"}', 'https://invoice.example/in_1', now(), now())`;
    await tx`insert into billing_payments (workspace_id, stripe_id, kind, stripe_charge_id, status, amount, currency, card_brand, card_last4, stripe_created_at, observed_at)
             values (${workspaceId}, ${`ch_${uniqueName()}`}, 'payment', 'ch_x', 'succeeded', 1000, 'usd', 'visa', '4242', now(), now())`;
    await tx`insert into billing_statements (workspace_id, month, pdf) values (${workspaceId}, date '2026-10-01', ${Buffer.from("%PDF-1.7")})`;
  });
  return owner;
}

async function submitAndVerify(owner: TestAccount) {
  const submitted = await submitDeletionRequest(
    { email: owner.email, adminUsername: owner.username, panelUrl: `https://panel.example/w/${owner.slug}`, businessName: owner.access.workspace.name, website: "" },
    fromNewIp(),
  );
  expect(submitted).toEqual({ ok: true });
  const verified = await verifyDeletionRequest(await latestLink(owner.email, "deletion-verify"));
  if (verified.status !== "verified") throw new Error(`not verified: ${verified.status}`);
  return verified.code;
}

async function requestIdOf(code: string): Promise<string> {
  const [row] = await withoutTenant((tx) => tx<{ id: string }[]>`select id from deletion_requests where code = ${code}`);
  return row!.id;
}

describe("deletion requests", () => {
  it("nothing happens until the emailed link is followed; then the status page shows a due date 30 days out", async () => {
    const owner = await createAccount();
    await submitDeletionRequest({ email: owner.email, adminUsername: owner.username, panelUrl: owner.slug, businessName: "Shop" }, fromNewIp());
    const [pending] = await withoutTenant((tx) => tx<{ status: string; code: string }[]>`select status, code from deletion_requests where requester_email = ${owner.email}`);
    expect(pending?.status).toBe("unverified");
    expect(await requestStatus(pending!.code)).toBeNull();
    const verified = await verifyDeletionRequest(await latestLink(owner.email, "deletion-verify"));
    expect(verified).toEqual({ status: "verified", code: pending!.code });
    const status = await requestStatus(pending!.code);
    expect(status?.status).toBe("pending_review");
    const days = (status!.dueAt!.getTime() - status!.verifiedAt!.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(30, 5);
    expect(status?.events.map((event) => event.toStatus)).toEqual(["unverified", "pending_review"]);
  });

  it("keeps one open request per email, answers the same for unknown accounts, and ignores a filled honeypot", async () => {
    const email = `${uniqueName("nobody")}@example.test`;
    const form = { email, adminUsername: "someone", panelUrl: "https://panel.example/w/none", businessName: "None" };
    expect(await submitDeletionRequest(form, fromNewIp())).toEqual({ ok: true });
    expect(await submitDeletionRequest(form, fromNewIp())).toEqual({ ok: true });
    const rows = await withoutTenant((tx) => tx`select id from deletion_requests where requester_email = ${email}`);
    expect(rows).toHaveLength(1);
    const bot = `${uniqueName("bot")}@example.test`;
    expect(await submitDeletionRequest({ ...form, email: bot, website: "http://spam.example" }, fromNewIp())).toEqual({ ok: true });
    expect(await withoutTenant((tx) => tx`select id from deletion_requests where requester_email = ${bot}`)).toHaveLength(0);
  });

  it("returns field errors with nothing stored for invalid input, and throttles one IP", async () => {
    const invalid = await submitDeletionRequest({ email: "not-an-email", adminUsername: "", panelUrl: "x", businessName: "" }, fromNewIp());
    expect(invalid).toMatchObject({ ok: false, errors: { email: "Enter a valid email address", adminUsername: expect.any(String), businessName: expect.any(String) } });
    const ip = fromNewIp();
    const results = [];
    for (let index = 0; index < 6; index++) {
      results.push(await submitDeletionRequest({ email: `${uniqueName("t")}@example.test`, adminUsername: "a", panelUrl: "p", businessName: "b" }, ip));
    }
    expect(results.slice(0, 5).every((result) => result.ok)).toBe(true);
    expect(results[5]).toMatchObject({ ok: false, errors: { form: expect.stringMatching(/^Too many requests. Try again in \d+ minutes?\.$/) } });
  });

  it("an expired link verifies nothing but can send a fresh one", async () => {
    const email = `${uniqueName("late")}@example.test`;
    await submitDeletionRequest({ email, adminUsername: "a", panelUrl: "p", businessName: "b" }, fromNewIp());
    const token = await latestLink(email, "deletion-verify");
    await withoutTenant((tx) => tx`update deletion_requests set verification_expires_at = now() - interval '1 minute' where verification_token_hash = ${digestToken(token)}`);
    expect(await verifyDeletionRequest(token)).toEqual({ status: "expired" });
    expect(await resendDeletionVerification(token)).toBe(true);
    const fresh = await latestLink(email, "deletion-verify");
    expect(fresh).not.toBe(token);
    expect((await verifyDeletionRequest(fresh)).status).toBe("verified");
    expect(await verifyDeletionRequest("not-a-token")).toEqual({ status: "unknown" });
  });

  it("staff see the matching workspace; a denied request can never be executed, and a second decision does nothing", async () => {
    const owner = await createAccount();
    const staff = await staffUser();
    const code = await submitAndVerify(owner);
    const id = await requestIdOf(code);
    const detail = await deletionRequestForStaff(id);
    expect(detail?.matches).toEqual([
      { workspaceId: owner.access.workspace.id, slug: owner.slug, name: owner.access.workspace.name, matchedOn: ["owner or member email", "admin username", "panel URL", "workspace name"] },
    ]);
    expect(await decideDeletionRequest(staff, id, { decision: "deny", reason: "Could not confirm authority" })).toEqual({ ok: true });
    expect(await decideDeletionRequest(staff, id, { decision: "approve", workspaceId: owner.access.workspace.id, reason: null })).toMatchObject({ ok: false });
    expect(await executeDeletion(id)).toBe("not-approved");
    expect((await requestStatus(code))?.decisionReason).toBe("Could not confirm authority");
    expect((await logIn({ login: owner.email, password: goodPassword }, meta)).ok).toBe(true);
  });
});

describe("executing a deletion", () => {
  it("empties every tenant table of one workspace, leaves another byte-for-byte untouched, and keeps shared accounts", async () => {
    const doomed = await busyWorkspace();
    const kept = await busyWorkspace();
    // The kept workspace's owner also belongs to the doomed one: their account must survive.
    const sharedInvite = await inviteMember(doomed.access, { email: kept.email, role: "admin" }, meta);
    expect(sharedInvite.ok).toBe(true);
    const { acceptInvitation } = await import("../../app/modules/workspaces/team.server");
    const keptUser = (await getSessionUser(requestAs(kept.cookie)))!;
    expect((await acceptInvitation(await latestLink(kept.email, "invitation"), keptUser, meta)).ok).toBe(true);

    const before = await snapshot(doomed.access.workspace.id);
    for (const [table, rows] of Object.entries(before)) expect(rows.length, `${table} has rows to delete`).toBeGreaterThan(0);
    const keptBefore = await snapshot(kept.access.workspace.id);

    const staff = await staffUser();
    const code = await submitAndVerify(doomed);
    const id = await requestIdOf(code);
    expect(await decideDeletionRequest(staff, id, { decision: "approve", workspaceId: doomed.access.workspace.id, reason: "Verified owner" })).toEqual({ ok: true });
    expect(await decideDeletionRequest(staff, id, { decision: "approve", workspaceId: kept.access.workspace.id, reason: null })).toMatchObject({ ok: false });
    expect(await executeDeletion(id)).toBe("completed");
    expect(await executeDeletion(id)).toBe("already-completed");

    const after = await snapshot(doomed.access.workspace.id);
    for (const [table, rows] of Object.entries(after)) {
      const blanked = retainedTables[table];
      if (!blanked) {
        expect(rows, `${table} is empty`).toEqual([]);
        continue;
      }
      // Billing records the law requires stay, without the personal details.
      expect(rows, `${table} is kept`).toHaveLength(before[table]?.length ?? -1);
      for (const row of rows) for (const column of blanked) expect(JSON.parse(String(row))[column], `${table}.${column} is blank`).toBeNull();
    }
    expect(await snapshot(kept.access.workspace.id)).toEqual(keptBefore);
    expect((await logIn({ login: doomed.email, password: goodPassword }, meta)).ok).toBe(false);
    expect((await logIn({ login: kept.email, password: goodPassword }, meta)).ok).toBe(true);

    const status = await requestStatus(code);
    expect(status?.status).toBe("completed");
    expect(status?.events.map((event) => event.toStatus)).toEqual(["unverified", "pending_review", "approved", "in_progress", "completed"]);
    const [tombstone] = await withoutTenant((tx) => tx<{ counts: Record<string, number>; deletedUsers: number }[]>`
      select counts, deleted_users from deletion_tombstones where request_id = ${id}`);
    expect(tombstone?.deletedUsers).toBe(1);
    expect(tombstone?.counts.memberships).toBe(2);
    expect(tombstone?.counts.workspaces).toBe(1);
  });

  it("resumes after a crash halfway and counts every row once", async () => {
    const doomed = await busyWorkspace();
    const staff = await staffUser();
    const id = await requestIdOf(await submitAndVerify(doomed));
    await decideDeletionRequest(staff, id, { decision: "approve", workspaceId: doomed.access.workspace.id, reason: null });
    const expected = await snapshot(doomed.access.workspace.id);
    const sql = ownerSql();
    const trigger = `crash_${uniqueName()}`;
    await sql.unsafe(`create function ${trigger}() returns trigger language plpgsql as $$ begin
      if old.workspace_id = '${doomed.access.workspace.id}' then raise exception 'simulated crash'; end if; return old; end $$`);
    await sql.unsafe(`create trigger ${trigger} before delete on security_events for each row execute function ${trigger}()`);
    try {
      await expect(executeDeletion(id)).rejects.toThrow("simulated crash");
    } finally {
      await sql.unsafe(`drop trigger ${trigger} on security_events`);
      await sql.unsafe(`drop function ${trigger}()`);
      await sql.end();
    }
    expect((await requestStatus((await withoutTenant((tx) => tx<{ code: string }[]>`select code from deletion_requests where id = ${id}`))[0]!.code))?.status).toBe("in_progress");
    expect(await executeDeletion(id)).toBe("completed");
    const [tombstone] = await withoutTenant((tx) => tx<{ counts: Record<string, number> }[]>`select counts from deletion_tombstones where request_id = ${id}`);
    expect(tombstone?.counts, JSON.stringify(expected)).toEqual(Object.fromEntries(Object.entries(expected).map(([table, rows]) => [table, rows.length])));
  });
});

describe("other ways in", () => {
  it("an owner asks from settings with their password and skips the email step", async () => {
    const owner = await createAccount();
    expect(await requestWorkspaceDeletion(owner.access, { password: "wrong-password-1", confirmName: owner.access.workspace.name }, meta)).toEqual({
      ok: false,
      errors: { password: "That password is not correct" },
    });
    const opened = await requestWorkspaceDeletion(owner.access, { password: goodPassword, confirmName: owner.access.workspace.name }, meta);
    if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
    expect((await requestStatus(opened.code))?.status).toBe("pending_review");
  });

  it("Meta's signed callback opens a request and answers with the status URL and code; a bad signature opens nothing", async () => {
    const secret = env.META_APP_SECRET;
    if (!secret) throw new Error("META_APP_SECRET must be set for the tests");
    const userId = uniqueName("meta");
    const good = await openMetaDeletionRequest(signRequest({ algorithm: "HMAC-SHA256", user_id: userId, issued_at: 1764000000 }, secret));
    if (!good.ok) throw new Error(good.error);
    expect(good.url).toMatch(new RegExp(`/data-deletion/status/${good.confirmationCode}$`));
    expect((await requestStatus(good.confirmationCode))?.status).toBe("pending_review");
    const bad = await openMetaDeletionRequest(signRequest({ algorithm: "HMAC-SHA256", user_id: `${userId}x` }, "wrong-secret-value"));
    expect(bad).toEqual({ ok: false, status: 400, error: "Invalid signed_request: bad signature" });
    expect(await withoutTenant((tx) => tx`select id from deletion_requests where meta_user_id = ${`${userId}x`}`)).toHaveLength(0);
  });
});
