// A campaign from launch to read receipts against Postgres and the Meta emulator: every eligible
// contact is sent exactly once by two concurrent senders, skipped and opted-out contacts are not,
// and Meta's statuses (duplicated, reordered) bring every message to its final state.
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { createCampaign } from "../../app/modules/campaigns/create-campaign.server";
import { launchCampaign } from "../../app/modules/campaigns/launch-campaign.server";
import { applyStatusBacklog, readMessageStatuses, recordMessageStatuses } from "../../app/modules/campaigns/record-message-status.server";
import { activityRange, messageActivity } from "../../app/modules/campaigns/message-activity.server";
import { recipientsCsv } from "../../app/modules/campaigns/campaign-recipients.server";
import { changeCampaignState } from "../../app/modules/campaigns/change-campaign-state.server";
import { duplicateCampaign } from "../../app/modules/campaigns/duplicate-campaign.server";
import { uploadHeaderMedia } from "../../app/modules/campaigns/header-media.server";
import { retryFailedMessages } from "../../app/modules/campaigns/retry-failed-messages.server";
import { launchScheduledCampaign, scheduleCampaign } from "../../app/modules/campaigns/schedule-campaign.server";
import { countAudience } from "../../app/modules/campaigns/audience.server";
import { readCampaign } from "../../app/modules/campaigns/read-campaigns.server";
import { sendCampaignRound } from "../../app/modules/campaigns/send-campaign.server";
import { deleteSavedFilter, listSavedFilters, saveFilter } from "../../app/modules/contacts/saved-filters.server";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { syncTemplates } from "../../app/modules/whatsapp/sync-templates.server";
import { createAccount, meta, ownerSql, queuedPayloads } from "../helpers/factories";
import { connectionForm, metaAdmin, provisionMetaAccount } from "../helpers/meta-emulator";
import { draftAndLaunch, expectCountsMatchLedger, orderUpdate, runSenders } from "../helpers/campaigns";

async function workspaceWithContacts(count: number) {
  const user = await createAccount();
  const account = await provisionMetaAccount([orderUpdate]);
  expect(await connectWhatsApp(user.access, connectionForm(account), meta)).toMatchObject({ ok: true });
  const workspaceId = user.access.workspace.id;
  expect(await syncTemplates(workspaceId)).toMatchObject({ ok: true });
  // Every tenth contact lacks the order attribute; every twentieth has opted out.
  await withWorkspace(workspaceId, null, (tx) => tx`
    insert into contacts (workspace_id, phone_e164, name, attributes, opted_out_at, opt_out_source)
    select ${workspaceId}, '+1555' || lpad(n::text, 7, '0'), 'Customer ' || n,
           case when n % 10 = 0 then '{}'::jsonb else jsonb_build_object('order', '#' || n) end,
           case when n % 20 = 0 then now() end, case when n % 20 = 0 then 'manual' end
      from generate_series(1, ${count}) n`);
  const [template] = await withWorkspace(workspaceId, null, (tx) => tx<{ id: string }[]>`select id from message_templates where name = 'order_update'`);
  return { user, account, workspaceId, templateId: template?.id ?? "" };
}

async function statusOf(workspaceId: string, campaignId: string) {
  const [row] = await withWorkspace(workspaceId, null, (tx) => tx<{ status: string; statusReason: string | null }[]>`select status, status_reason from campaigns where id = ${campaignId}`);
  return row;
}

describe("a campaign", () => {
  it("sends each eligible contact exactly once, skips those missing a variable, and follows Meta's statuses", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(200);
    const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
    const created = await createCampaign(user.access, {
      name: "Shipping notice",
      phoneNumberId,
      templateId,
      "var:body.1:source": "first_name",
      "var:body.1:fallback": "there",
      "var:body.2:source": "attribute",
      "var:body.2:value": "order",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));

    // 200 contacts, 10 opted out; of the other 190, the 10 without an order (n % 10 = 0, not % 20) are skipped.
    const launched = await launchCampaign(workspaceId, created.id);
    expect(launched).toEqual({ ok: true, queued: 180, skipped: 10 });
    expect(await launchCampaign(workspaceId, created.id)).toMatchObject({ ok: false });

    await runSenders(workspaceId, created.id);

    const requests = await metaAdmin<{ data: { path: string; body: { to?: string; biz_opaque_callback_data?: string; template?: { components: { parameters: { text: string }[] }[] } } }[] }>(
      "GET",
      `requests?path=${phoneNumberId}/messages&method=POST`,
    );
    const recipients = requests.data.map((request) => request.body.to);
    expect(recipients).toHaveLength(180);
    expect(new Set(recipients).size).toBe(180);
    expect(requests.data[0]?.body.template?.components[0]?.parameters.map((p) => p.text)).toEqual(["Customer", expect.stringMatching(/^#\d+$/)]);

    const [campaign] = await withWorkspace(workspaceId, null, (tx) => tx<{ status: string }[]>`select status from campaigns where id = ${created.id}`);
    expect(campaign?.status).toBe("completed");

    // Meta's statuses, each delivered twice and in reverse order, settle every message at read.
    await metaAdmin("POST", "settle", { timeoutMs: 5_000, wabaId: account.wabaId });
    const hooks = await metaAdmin<{ data: { body: { entry: { changes: { field: string; value: unknown }[] }[] } }[] }>("GET", `webhooks?wabaId=${account.wabaId}&field=messages`);
    const changes = hooks.data.flatMap((hook) => hook.body.entry.flatMap((entry) => entry.changes)).filter((change) => change.field === "messages");
    await withWorkspace(workspaceId, null, async (tx) => {
      for (const change of [...changes].reverse()) await recordMessageStatuses(tx, workspaceId, readMessageStatuses(change.value));
      for (const change of changes) await recordMessageStatuses(tx, workspaceId, readMessageStatuses(change.value));
    });
    expect(await expectCountsMatchLedger(workspaceId, created.id)).toEqual({ queued: 0, sending: 0, sent: 0, delivered: 0, read: 180, failed: 0, skipped: 10 });
    const [stamps] = await withWorkspace(workspaceId, null, (tx) => tx<{ missing: number }[]>`
      select count(*)::int as missing from campaign_messages
       where campaign_id = ${created.id} and status = 'read' and (sent_at is null or delivered_at is null or read_at is null or wamid is null)`);
    expect(stamps?.missing).toBe(0);
  });

  it("sends a contact known only by a BSUID as a recipient, and values with quotes, backslashes and braces as written", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(0);
    const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
    const awkward = 'A "quoted" \\ order, NULL {1}';
    await withWorkspace(workspaceId, null, (tx) => tx`
      insert into contacts (workspace_id, phone_e164, bsuid, name, attributes)
      values (${workspaceId}, null, 'US.13491208655302741918', 'Lina', ${tx.json({ order: awkward })}),
             (${workspaceId}, '+15550000001', null, 'Omar', ${tx.json({ order: "#2" })})`);
    const created = await createCampaign(user.access, {
      name: "Usernames",
      phoneNumberId,
      templateId,
      "var:body.1:source": "first_name",
      "var:body.2:source": "attribute",
      "var:body.2:value": "order",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    expect(await launchCampaign(workspaceId, created.id)).toEqual({ ok: true, queued: 2, skipped: 0 });
    await runSenders(workspaceId, created.id);

    const requests = await metaAdmin<{ data: { body: { to?: string; recipient?: string; recipient_type?: string; template?: { components: { parameters: { text: string }[] }[] } } }[] }>(
      "GET",
      `requests?path=${phoneNumberId}/messages&method=POST`,
    );
    const sent = requests.data.map(({ body }) => ({ to: body.to, recipient: body.recipient, values: body.template?.components[0]?.parameters.map((p) => p.text) }));
    expect(sent).toEqual(
      expect.arrayContaining([
        { to: undefined, recipient: "US.13491208655302741918", values: ["Lina", awkward] },
        { to: "15550000001", recipient: undefined, values: ["Omar", "#2"] },
      ]),
    );
    expect(sent).toHaveLength(2);
  });

  it("keeps a status for an unknown wamid and applies it when the sender records that wamid", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(1);
    const created = await createCampaign(user.access, {
      name: "One",
      phoneNumberId: account.phoneNumbers[0]?.id ?? "",
      templateId,
      "var:body.1:source": "name",
      "var:body.2:source": "text",
      "var:body.2:value": "#1",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    expect(await launchCampaign(workspaceId, created.id)).toMatchObject({ ok: true, queued: 1 });
    const status = { id: "wamid.early", status: "delivered", timestamp: String(Math.floor(Date.now() / 1000)) };
    const backlog = () => withWorkspace(workspaceId, null, (tx) => tx<{ wamid: string }[]>`select wamid from message_status_backlog`);
    await withWorkspace(workspaceId, null, (tx) => recordMessageStatuses(tx, workspaceId, readMessageStatuses({ statuses: [status] })));
    expect(await backlog()).toEqual([{ wamid: "wamid.early" }]);

    // The sender records Meta's answer for the message after the status arrived.
    const [message] = await withWorkspace(workspaceId, null, async (tx) => {
      await tx`update campaign_messages set status = 'sent', wamid = 'wamid.early', sent_at = now() where campaign_id = ${created.id}`;
      await applyStatusBacklog(tx, ["wamid.early"]);
      return tx<{ status: string }[]>`select status from campaign_messages where campaign_id = ${created.id}`;
    });
    expect(message?.status).toBe("delivered");
    expect(await backlog()).toEqual([]);
  });

  it("fails fast with the reason when Meta paused the template", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(30);
    const campaignId = await draftAndLaunch(user, account.phoneNumbers[0]?.id ?? "", templateId);
    const [template] = await withWorkspace(workspaceId, null, (tx) => tx<{ metaTemplateId: string }[]>`select meta_template_id from message_templates where id = ${templateId}`);
    await metaAdmin("POST", `templates/${template?.metaTemplateId}/review`, { status: "PAUSED" });
    await runSenders(workspaceId, campaignId);
    expect(await statusOf(workspaceId, campaignId)).toMatchObject({ status: "failed", statusReason: expect.stringMatching(/paused the template/) });
  });

  it("pauses, resumes and cancels; cancelled messages are never sent", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(40);
    const campaignId = await draftAndLaunch(user, account.phoneNumbers[0]?.id ?? "", templateId);
    const change = (action: "pause" | "resume" | "cancel") => withWorkspace(workspaceId, null, (tx) => changeCampaignState(tx, workspaceId, campaignId, action));
    expect(await change("pause")).toEqual({ ok: true });
    expect(await sendCampaignRound(workspaceId, campaignId)).toBe("stopped");
    expect(await change("pause")).toMatchObject({ ok: false });
    expect(await change("resume")).toEqual({ ok: true });
    expect(await sendCampaignRound(workspaceId, campaignId, 10)).toBe("sent");
    expect(await change("cancel")).toEqual({ ok: true });
    expect(await sendCampaignRound(workspaceId, campaignId)).toBe("stopped");
    const counts = await withWorkspace(workspaceId, null, (tx) => tx<{ status: string; count: number }[]>`
      select status, count(*)::int as count from campaign_messages where campaign_id = ${campaignId} group by status order by status`);
    // 40 contacts, 2 opted out: 10 sent before the cancel, the other 28 skipped as cancelled.
    expect(counts).toEqual([
      { status: "sent", count: 10 },
      { status: "skipped", count: 28 },
    ]);
  });

  it("pauses itself with the reason when too many of its messages fail", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(200);
    const campaignId = await draftAndLaunch(user, account.phoneNumbers[0]?.id ?? "", templateId);
    // Meta failed 60 of the first messages (131026, undeliverable): more than the default limit of 25% of those attempted.
    await withWorkspace(workspaceId, null, (tx) => tx`
      update campaign_messages set status = 'failed', error_code = 131026, error_title = 'Message undeliverable', failed_at = now()
       where id in (select id from campaign_messages where campaign_id = ${campaignId} and status = 'queued' order by id limit 60)`);
    await runSenders(workspaceId, campaignId);
    expect(await statusOf(workspaceId, campaignId)).toMatchObject({
      status: "paused",
      statusReason: expect.stringMatching(/^Paused automatically: \d+% of the messages sent so far failed \(the limit is 25%\)/),
    });
    const [left] = await withWorkspace(workspaceId, null, (tx) => tx<{ queued: number }[]>`
      select count(*)::int as queued from campaign_messages where campaign_id = ${campaignId} and status = 'queued'`);
    expect(left?.queued).toBeGreaterThan(0);
    await expectCountsMatchLedger(workspaceId, campaignId);
  });

  it("retries only failures that may pass, then reports every recipient as CSV", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(20);
    const campaignId = await draftAndLaunch(user, account.phoneNumbers[0]?.id ?? "", templateId);
    await runSenders(workspaceId, campaignId);
    await withWorkspace(workspaceId, null, async (tx) => {
      const rows = await tx<{ id: string }[]>`select id from campaign_messages where campaign_id = ${campaignId} order by id limit 4`;
      const [a, b, c, d] = rows.map((row) => row.id);
      await tx`update campaign_messages set status = 'failed', error_code = 131000, error_title = 'x' where id in (${a ?? ""}, ${b ?? ""})`;
      await tx`update campaign_messages set status = 'failed', error_code = 131026, error_title = 'Message undeliverable' where id = ${c ?? ""}`;
      await tx`update campaign_messages set status = 'failed', error_code = null, error_title = 'Interrupted' where id = ${d ?? ""}`;
    });
    expect(await withWorkspace(workspaceId, null, (tx) => retryFailedMessages(tx, workspaceId, campaignId))).toEqual({ ok: true, requeued: 3 });
    await runSenders(workspaceId, campaignId);
    expect((await statusOf(workspaceId, campaignId))?.status).toBe("completed");

    const lines: string[] = [];
    for await (const chunk of recipientsCsv(workspaceId, user.userId, campaignId)) lines.push(...chunk.split("\r\n").filter(Boolean));
    expect(lines[0]).toBe("name,recipient,status,time,error_code,error");
    expect(lines).toHaveLength(1 + 19);
    expect(lines.filter((line) => line.includes("Failed,")).map((line) => line.split(",").slice(-2).join(","))).toEqual(["131026,Message undeliverable"]);

    const copy = await withWorkspace(workspaceId, null, (tx) => duplicateCampaign(tx, campaignId, user.userId));
    expect((await statusOf(workspaceId, copy ?? ""))?.status).toBe("draft");

    // Past the workspace's retention period the values are gone, so the last failure is not sent again.
    await withWorkspace(workspaceId, null, (tx) => tx`update campaigns set launched_at = now() - interval '181 days' where id = ${campaignId}`);
    expect(await withWorkspace(workspaceId, null, (tx) => retryFailedMessages(tx, workspaceId, campaignId))).toEqual({
      ok: false,
      error: expect.stringContaining("duplicate it instead"),
    });
  });

  it("lets Meta's late status withdraw an interruption decided without Meta, but not Meta's own failure", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(4);
    const campaignId = await draftAndLaunch(user, account.phoneNumbers[0]?.id ?? "", templateId);
    await runSenders(workspaceId, campaignId);
    const [interrupted, refused] = await withWorkspace(workspaceId, null, async (tx) => {
      const rows = await tx<{ id: string; wamid: string }[]>`select id, wamid from campaign_messages where campaign_id = ${campaignId} order by id limit 2`;
      await tx`update campaign_messages set status = 'failed', failed_at = now(), error_code = null, error_title = 'Interrupted' where id = ${rows[0]?.id ?? ""}`;
      await tx`update campaign_messages set status = 'failed', failed_at = now(), error_code = 131026, error_title = 'Message undeliverable' where id = ${rows[1]?.id ?? ""}`;
      return rows;
    });
    const late = (row: { id: string; wamid: string } | undefined) => ({ id: row?.wamid, status: "delivered", timestamp: String(Math.floor(Date.now() / 1000)), biz_opaque_callback_data: row?.id });
    await withWorkspace(workspaceId, null, (tx) => recordMessageStatuses(tx, workspaceId, readMessageStatuses({ statuses: [late(interrupted), late(refused)] })));
    const rows = await withWorkspace(workspaceId, null, (tx) => tx<{ id: string; status: string; errorTitle: string | null; failedAt: Date | null }[]>`
      select id, status, error_title, failed_at from campaign_messages where id in (${interrupted?.id ?? ""}, ${refused?.id ?? ""})`);
    expect(rows.find((row) => row.id === interrupted?.id)).toMatchObject({ status: "delivered", errorTitle: null, failedAt: null });
    expect(rows.find((row) => row.id === refused?.id)).toMatchObject({ status: "failed", errorTitle: "Message undeliverable" });
  });

  it("takes its audience from a saved filter, copied at creation", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(30);
    await withWorkspace(workspaceId, null, (tx) => tx`
      insert into contact_tags (workspace_id, contact_id, tag) select workspace_id, id, 'vip' from contacts where name in ('Customer 1', 'Customer 2', 'Customer 20')`);
    expect(await saveFilter(user.access, "", { q: "", tag: "vip", status: "all" })).toMatchObject({ ok: false, errors: { filterName: "Name the filter" } });
    expect(await saveFilter(user.access, "Everyone", { q: "", tag: "", status: "all" })).toMatchObject({ ok: false });
    expect(await saveFilter(user.access, "VIP", { q: "", tag: "vip", status: "all" })).toEqual({ ok: true });
    expect(await saveFilter(user.access, "vip", { q: "cust", tag: "", status: "all" })).toMatchObject({ ok: false, errors: { filterName: "A saved filter already has this name" } });
    expect(await saveFilter(user.access, "Stopped", { q: "", tag: "", status: "opted_out" })).toEqual({ ok: true });
    const saved = await withWorkspace(workspaceId, null, listSavedFilters);
    expect(saved.map((filter) => filter.name)).toEqual(["Stopped", "VIP"]);
    const [stopped, vip] = saved;
    const form = { name: "VIP offer", phoneNumberId: account.phoneNumbers[0]?.id ?? "", templateId, "var:body.1:source": "name", "var:body.2:source": "text", "var:body.2:value": "#1" };
    expect(await createCampaign(user.access, { ...form, audienceFilterId: stopped?.id })).toMatchObject({ ok: false, errors: { audienceFilterId: expect.stringContaining("opted-out") } });
    const created = await createCampaign(user.access, { ...form, audienceFilterId: vip?.id });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    await deleteSavedFilter(user.access, vip?.id ?? "");
    const campaign = await withWorkspace(workspaceId, null, (tx) => readCampaign(tx, created.id));
    expect(campaign?.audience).toEqual({ tag: "vip", q: "", savedFilter: "VIP" });
    // Customer 20 has opted out.
    expect(await withWorkspace(workspaceId, null, (tx) => countAudience(tx, workspaceId, campaign!.audience))).toEqual({ matching: 3, optedOut: 1, eligible: 2 });
  });

  it("sends an uploaded header image by the id Meta gave it, and refuses a file the header cannot take", async () => {
    const user = await createAccount();
    const account = await provisionMetaAccount([
      {
        name: "new_arrivals",
        language: "en_US",
        category: "MARKETING",
        components: [
          { type: "HEADER", format: "IMAGE", example: { header_handle: ["https://example.test/sample.png"] } },
          { type: "BODY", text: "New arrivals are in, {{1}}!", example: { body_text: [["Sara"]] } },
        ],
      },
    ]);
    expect(await connectWhatsApp(user.access, connectionForm(account), meta)).toMatchObject({ ok: true });
    const workspaceId = user.access.workspace.id;
    expect(await syncTemplates(workspaceId)).toMatchObject({ ok: true });
    await withWorkspace(workspaceId, null, (tx) => tx`insert into contacts (workspace_id, phone_e164, name) values (${workspaceId}, '+14155550701', 'Sara')`);
    const [template] = await withWorkspace(workspaceId, null, (tx) => tx<{ id: string }[]>`select id from message_templates where name = 'new_arrivals'`);
    const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

    const refused = await uploadHeaderMedia(workspaceId, phoneNumberId, "IMAGE", { data: Buffer.from("%PDF-1.7"), size: 8, mimeType: "application/pdf", filename: "menu.pdf" });
    expect(refused).toEqual({ ok: false, error: "The header needs a JPEG or PNG image up to 5 MB." });
    const uploaded = await uploadHeaderMedia(workspaceId, phoneNumberId, "IMAGE", { data: png, size: png.length, mimeType: "image/png", filename: "arrivals.png" });
    if (!uploaded.ok) throw new Error(uploaded.error);
    expect(uploaded.mediaId).toMatch(/^[0-9]+$/);

    const created = await createCampaign(user.access, {
      name: "Arrivals",
      phoneNumberId,
      templateId: template!.id,
      "var:header.media:source": "text",
      "var:header.media:value": uploaded.mediaId,
      "var:body.1:source": "name",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    expect(await launchCampaign(workspaceId, created.id)).toMatchObject({ ok: true, queued: 1 });
    await runSenders(workspaceId, created.id, 1);
    const requests = await metaAdmin<{ data: { body: { template?: { components: { type: string; parameters: unknown[] }[] } } }[] }>("GET", `requests?path=${phoneNumberId}/messages&method=POST`);
    expect(requests.data[0]?.body.template?.components[0]).toEqual({ type: "header", parameters: [{ type: "image", image: { id: uploaded.mediaId } }] });
    expect((await statusOf(workspaceId, created.id))?.status).toBe("completed");
  });

  it("schedules a draft in the workspace's time zone and launches it when due", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(5);
    const created = await createCampaign(user.access, { name: "Later", phoneNumberId: account.phoneNumbers[0]?.id ?? "", templateId, "var:body.1:source": "name", "var:body.2:source": "text", "var:body.2:value": "#1" });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const schedule = (local: string) => withWorkspace(workspaceId, null, (tx) => scheduleCampaign(tx, workspaceId, created.id, local, "Asia/Muscat", new Date("2026-12-01T08:00:00Z")));
    expect(await schedule("2026-12-01T11:30")).toMatchObject({ ok: false, error: expect.stringMatching(/at least a minute/) });
    expect(await schedule("next week")).toMatchObject({ ok: false });
    expect(await schedule("2026-12-24T09:30")).toEqual({ ok: true, at: new Date("2026-12-24T05:30:00Z") });
    const owner = ownerSql();
    const jobs = await queuedPayloads(owner, "launch-campaign");
    await owner.end();
    expect(jobs.filter((job) => job.campaignId === created.id)).toHaveLength(1);

    expect(await launchScheduledCampaign(workspaceId, created.id)).toBe("not due");
    await withWorkspace(workspaceId, null, (tx) => tx`update campaigns set scheduled_at = now() where id = ${created.id}`);
    expect(await launchScheduledCampaign(workspaceId, created.id)).toMatch(/^launched: 5 queued/);
    expect((await statusOf(workspaceId, created.id))?.status).toBe("running");
  });

  it("counts the workspace's messages per day by status for the dashboard", async () => {
    const { user, account, workspaceId, templateId } = await workspaceWithContacts(12);
    const campaignId = await draftAndLaunch(user, account.phoneNumbers[0]?.id ?? "", templateId);
    await runSenders(workspaceId, campaignId);
    await withWorkspace(workspaceId, null, (tx) => tx`update campaign_messages set status = 'failed', failed_at = sent_at, error_code = 131026 where id in (select id from campaign_messages where campaign_id = ${campaignId} limit 2)`);
    const today = new Date().toISOString().slice(0, 10);
    const range = activityRange(new URLSearchParams({ from: "2020-01-01", to: today }), today);
    expect(range.from > "2020-01-01").toBe(true);
    const days = await withWorkspace(workspaceId, null, (tx) => messageActivity(tx, { from: today, to: today }, "UTC"));
    expect(days).toEqual([{ day: today, counts: { read: 0, delivered: 0, sent: 10, failed: 2 } }]);
  });
});
