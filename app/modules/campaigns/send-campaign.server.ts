// The campaign sender, run by the send-campaign job on any number of workers: claims a batch of
// queued messages (marking them `sending`), waits for the number's slots, stamps each message
// `requested_at` just before its call to Meta, sends it, and records the wamid or the error after.
// When a sender dies (kill -9, crash), its claims run out and each message is settled by what it may
// have done: never stamped means never sent, so the message is queued again; stamped means the request
// may have reached Meta. Meta echoes our message id in its status webhooks (biz_opaque_callback_data),
// so a message Meta accepted is reconciled as sent by its `sent` status; one Meta stays silent about
// through the grace is failed as "interrupted" (retryable by hand) and never resent blindly, since
// resending a message Meta might have accepted is how a recipient gets it twice.
import { setTimeout as sleep } from "node:timers/promises";
import { withWorkspace, type Tx } from "../../../db/transactions";
import { env } from "~/lib/env.server";
import { checkAccess } from "../billing/check-access.server";
import type { GraphCredentials } from "../whatsapp/graph.server";
import { readCredentials } from "../whatsapp/read-connection.server";
import { messagesPath, postMessage, recipientFields, type SendResult } from "../whatsapp/send-message.server";
import type { SendComponent } from "../whatsapp/template-variables";
import { advanceConversationsForCampaign } from "../inbox/conversation-activity.server";
import { classifySendError } from "./classify-send-error";
import { messagesSentThisMonth } from "./launch-campaign.server";
import { applyStatusBacklog } from "./record-message-status.server";
import { backOffSending, lateSlotToleranceMs, reserveSendSlots, type SlotReservation } from "./reserve-send-slots.server";

/**
 * The month's sent count for the allowance check before each batch, re-read every 10 s and advanced
 * by this process's own sends in between (a count over the month's messages on every batch would cost
 * more than the batch). Other processes' sends show at the next re-read, so concurrent senders can pass
 * the allowance by at most ten seconds of sending.
 */
const allowanceRefreshMs = 10_000;
const sentCounts = new Map<string, { sent: number; readAt: number }>();

async function sentThisMonth(workspaceId: string): Promise<number> {
  const cached = sentCounts.get(workspaceId);
  if (cached && Date.now() - cached.readAt < allowanceRefreshMs) return cached.sent;
  const sent = await withWorkspace(workspaceId, null, messagesSentThisMonth);
  sentCounts.set(workspaceId, { sent, readAt: Date.now() });
  return sent;
}

function countSent(workspaceId: string, count: number): void {
  const cached = sentCounts.get(workspaceId);
  if (cached) cached.sent += count;
}

/** How long a claimed message belongs to its sender; past it plus the grace, a stamped one is interrupted. */
const claimSeconds = env.CAMPAIGN_CLAIM_SECONDS;
const interruptedGraceSeconds = env.CAMPAIGN_INTERRUPTED_GRACE_SECONDS;
/**
 * Messages are stamped as requested in groups (one short write each) whose slots fall within this
 * span, each group just ahead of its first slot: a dead sender leaves at most one group stamped but
 * not yet sent, which is then counted as interrupted with the ones truly in flight. The lead covers
 * the stamp's own commit: with 30 ms, commits of 50-110 ms on a busy ledger and timers firing up to
 * 35 ms late made whole groups miss their slots (34 of 2,400 messages at 80/s in one run), and a
 * missed slot is sending time lost.
 */
const stampGroupMs = 100;
const stampLeadMs = 60;
const maxAttempts = 5;
/** Failures counted before the error-rate threshold may pause a campaign. */
const errorRateMinimumAttempts = 50;
const throttleBackoffMs = 2_000;
/**
 * A batch holds about this long of the number's slots: long enough that one sender claims and
 * records while the other's batch goes out, so the slots follow each other without gaps; short
 * enough that a pause takes effect within a second.
 */
const batchSeconds = 0.5;

function batchSizeFor(throughputPerSecond: number): number {
  return Math.max(10, Math.min(500, Math.round(throughputPerSecond * batchSeconds)));
}

interface CampaignState {
  status: string;
  phoneNumberId: string;
  templateName: string;
  templateLanguage: string;
  templateCategory: string;
  maxErrorRate: string;
  marketingMessagesEnabled: boolean;
  throughputPerSecond: number;
}

interface ClaimedMessage {
  id: string;
  recipientPhone: string | null;
  recipientBsuid: string | null;
  components: SendComponent[];
  attempts: number;
}

type Outcome = ({ id: string } & SendResult) | { id: string; late: true };

export type SendRound = "sent" | "idle" | "stopped";

async function readCampaign(tx: Tx, campaignId: string): Promise<CampaignState | null> {
  const [campaign] = await tx<CampaignState[]>`
    select c.status, c.phone_number_id, c.template_name, c.template_language, c.template_category, c.max_error_rate,
           coalesce(a.marketing_messages_enabled, false) as marketing_messages_enabled, coalesce(n.throughput_per_second, 80) as throughput_per_second
      from campaigns c left join whatsapp_accounts a on a.workspace_id = c.workspace_id
      left join whatsapp_phone_numbers n on n.workspace_id = c.workspace_id and n.phone_number_id = c.phone_number_id
     where c.id = ${campaignId}`;
  return campaign ?? null;
}

async function stopCampaign(tx: Tx, campaignId: string, status: "paused" | "failed", reason: string): Promise<void> {
  await tx`update campaigns set status = ${status}, status_reason = ${reason}, updated_at = now(),
             finished_at = case when ${status} = 'failed' then now() else finished_at end
           where id = ${campaignId} and status = 'running'`;
}

/**
 * Claims a dead sender left: a message it never stamped never left and is queued again (its attempt
 * count stays, so the dead sender's claim can never be mistaken for a new one); a stamped one Meta
 * has not accounted for through the grace is failed, never resent blindly.
 */
async function settleExpiredClaims(tx: Tx, campaignId: string): Promise<void> {
  await tx`update campaign_messages set status = 'queued', claimed_until = null, updated_at = now()
           where campaign_id = ${campaignId} and status = 'sending' and requested_at is null and claimed_until < now()`;
  await tx`update campaign_messages set status = 'failed', failed_at = now(), updated_at = now(), claimed_until = null,
             error_title = 'Interrupted: the sender stopped during the request and Meta reported no status, so it was not sent again'
           where campaign_id = ${campaignId} and status = 'sending' and requested_at is not null
             and claimed_until < now() - make_interval(secs => ${interruptedGraceSeconds})`;
}

async function claimBatch(tx: Tx, campaignId: string, limit: number): Promise<ClaimedMessage[]> {
  return tx<ClaimedMessage[]>`
    update campaign_messages m set status = 'sending', attempts = m.attempts + 1, updated_at = now(), requested_at = null,
           claimed_until = now() + make_interval(secs => ${claimSeconds})
      from (select workspace_id, id from campaign_messages
             where campaign_id = ${campaignId} and status = 'queued' and (not_before is null or not_before <= now())
             order by id limit ${limit} for update skip locked) picked
     where m.workspace_id = picked.workspace_id and m.id = picked.id
    returning m.id, m.recipient_phone, m.recipient_bsuid, m.components, m.attempts`;
}

function messageBody(campaign: CampaignState, message: ClaimedMessage) {
  return {
    ...recipientFields(message.recipientPhone, message.recipientBsuid),
    type: "template",
    template: { name: campaign.templateName, language: { code: campaign.templateLanguage }, components: message.components },
    biz_opaque_callback_data: message.id,
  };
}

async function sendOne(credentials: GraphCredentials, campaign: CampaignState, message: ClaimedMessage, at: number): Promise<Outcome> {
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
  // Checked after the sleep too: a timer on a busy event loop fires late, and its messages must not leave in a burst.
  if (Date.now() - at > lateSlotToleranceMs) return { id: message.id, late: true };
  const path = messagesPath(campaign.phoneNumberId, campaign.templateCategory, campaign.marketingMessagesEnabled);
  return { id: message.id, ...(await postMessage(credentials, path, messageBody(campaign, message))) };
}

/**
 * Stamps messages as requested, each only if it is still this sender's claim (same status and attempt:
 * a claim that ran out may have been taken by another sender); returns the ids stamped, the only ones
 * this sender may send.
 */
async function stampRequested(tx: Tx, messages: ClaimedMessage[]): Promise<Set<string>> {
  const claims = messages.map(({ id, attempts }) => ({ id, attempts }));
  const stamped = await tx<{ id: string }[]>`
    update campaign_messages m set requested_at = now()
      from jsonb_to_recordset(${tx.json(claims)}) as c(id uuid, attempts int)
     where m.id = c.id and m.status = 'sending' and m.attempts = c.attempts
    returning m.id`;
  return new Set(stamped.map((row) => row.id));
}

/** Sends a claimed batch at its slots, stamping each group of messages just before its slots open. */
async function sendAtSlots(workspaceId: string, credentials: GraphCredentials, campaign: CampaignState, messages: ClaimedMessage[], slots: SlotReservation): Promise<Outcome[]> {
  const slotOf = (index: number) => slots.startsAt.getTime() + index * slots.intervalMs;
  const sending: Promise<Outcome>[] = [];
  for (let first = 0; first < messages.length; ) {
    let end = first + 1;
    while (end < messages.length && slotOf(end) < slotOf(first) + stampGroupMs) end++;
    const wait = slotOf(first) - stampLeadMs - Date.now();
    if (wait > 0) await sleep(wait);
    const group = messages.slice(first, end).map((message, offset) => ({ message, at: slotOf(first + offset) }));
    const stamped = await withWorkspace(workspaceId, null, (tx) => stampRequested(tx, group.map((slot) => slot.message)));
    for (const { message, at } of group) if (stamped.has(message.id)) sending.push(sendOne(credentials, campaign, message, at));
    first = end;
  }
  return Promise.all(sending);
}

async function recordOutcomes(tx: Tx, workspaceId: string, campaignId: string, campaign: CampaignState, outcomes: Outcome[], messages: ClaimedMessage[]): Promise<void> {
  const attemptsOf = new Map(messages.map((message) => [message.id, message.attempts]));
  // Locked in id order first, as the status applier locks them, so the two never deadlock.
  await tx`select 1 from campaign_messages where id = any(${messages.map((message) => message.id)}::uuid[]) order by id for update`;
  const sent = outcomes.flatMap((outcome) => ("wamid" in outcome ? [{ id: outcome.id, wamid: outcome.wamid }] : []));
  if (sent.length > 0) {
    // A status webhook may have moved the message on already (sent, delivered…); only the wamid is news then.
    await tx`
      update campaign_messages m set wamid = coalesce(m.wamid, s.wamid), claimed_until = null, updated_at = now(),
             status = case when m.status = 'sending' then 'sent' else m.status end,
             sent_at = coalesce(m.sent_at, now())
        from jsonb_to_recordset(${tx.json(sent)}) as s(id uuid, wamid text)
       where m.id = s.id`;
    // Statuses that arrived before their wamid was recorded apply now.
    await applyStatusBacklog(tx, sent.map((row) => row.wamid));
    await advanceConversationsForCampaign(tx, sent.map((row) => row.id), campaign.phoneNumberId, campaign.templateName);
  }
  // Messages whose slot passed while their sender stalled go back to the queue, never out in a burst.
  const late = outcomes.flatMap((outcome) => ("late" in outcome ? [outcome.id] : []));
  if (late.length > 0) {
    await tx`update campaign_messages set status = 'queued', attempts = attempts - 1, claimed_until = null, requested_at = null, updated_at = now()
              where id = any(${late}::uuid[]) and status = 'sending'`;
  }
  let throttled = false;
  for (const outcome of outcomes) {
    if ("wamid" in outcome || "late" in outcome) continue;
    const retryLater = (seconds: number) =>
      tx`update campaign_messages set status = 'queued', claimed_until = null, requested_at = null, not_before = now() + make_interval(secs => ${seconds}), updated_at = now()
          where id = ${outcome.id} and status = 'sending'`;
    const fail = (code: number | null, title: string) =>
      tx`update campaign_messages set status = 'failed', failed_at = now(), claimed_until = null, error_code = ${code}, error_title = ${title}, updated_at = now()
          where id = ${outcome.id} and status = 'sending'`;
    const outOfAttempts = (attemptsOf.get(outcome.id) ?? 0) >= maxAttempts;
    if ("unreachable" in outcome) {
      await (outOfAttempts ? fail(null, `Meta could not be reached: ${outcome.unreachable}`) : retryLater(30));
      continue;
    }
    const meaning = classifySendError(outcome.error.code);
    switch (meaning.action) {
      case "throttle":
        throttled ||= outcome.error.code === 130429;
        await retryLater(outcome.error.code === 131056 ? 60 : throttleBackoffMs / 1000);
        break;
      case "retry":
        await (outOfAttempts ? fail(outcome.error.code, meaning.explanation) : retryLater(30));
        break;
      case "fail-message":
        await fail(outcome.error.code, meaning.explanation);
        break;
      case "pause-campaign":
        await retryLater(0);
        await stopCampaign(tx, campaignId, "paused", `${meaning.explanation} ${meaning.advice}`);
        break;
      case "fail-campaign":
        await fail(outcome.error.code, meaning.explanation);
        await stopCampaign(tx, campaignId, "failed", `${meaning.explanation} ${meaning.advice}`);
        break;
    }
  }
  if (throttled) await backOffSending(tx, { workspaceId, phoneNumberId: campaign.phoneNumberId, ms: throttleBackoffMs });
  await pauseOnErrorRate(tx, campaignId, Number(campaign.maxErrorRate));
}

async function pauseOnErrorRate(tx: Tx, campaignId: string, maxErrorRate: number): Promise<void> {
  const [rate] = await tx<{ attempted: number; failed: number }[]>`
    select coalesce(sum(delta) filter (where status not in ('queued', 'sending', 'skipped')), 0)::int as attempted,
           coalesce(sum(delta) filter (where status = 'failed' and error_code is not null), 0)::int as failed
      from campaign_message_tallies where campaign_id = ${campaignId}`;
  if (!rate || rate.attempted < errorRateMinimumAttempts || rate.failed / rate.attempted <= maxErrorRate) return;
  const percent = Math.round((rate.failed / rate.attempted) * 100);
  await stopCampaign(tx, campaignId, "paused", `Paused automatically: ${percent}% of the messages sent so far failed (the limit is ${Math.round(maxErrorRate * 100)}%). Check the failures, then resume.`);
}

async function completeIfDone(tx: Tx, campaignId: string): Promise<boolean> {
  const [done] = await tx<{ id: string }[]>`
    update campaigns set status = 'completed', finished_at = now(), updated_at = now()
     where id = ${campaignId} and status = 'running'
       and not exists (select 1 from campaign_messages where campaign_id = ${campaignId} and status in ('queued', 'sending'))
    returning id`;
  return Boolean(done);
}

/**
 * One round: claim a batch, send it at the number's pace, record what happened. "idle" means nothing
 * was ready (the rest waits for a backoff or for other senders); "stopped" that the campaign is no
 * longer running or has finished.
 */
export async function sendCampaignRound(workspaceId: string, campaignId: string, batchSize?: number): Promise<SendRound> {
  const claimed = await withWorkspace(workspaceId, null, async (tx) => {
    const campaign = await readCampaign(tx, campaignId);
    if (!campaign || campaign.status !== "running") return null;
    const credentials = await readCredentials(tx);
    if (!credentials) {
      await stopCampaign(tx, campaignId, "paused", "WhatsApp is not connected. Connect it in WhatsApp settings, then resume.");
      return null;
    }
    await settleExpiredClaims(tx, campaignId);
    // Shows the reviver cron this campaign's senders are alive (touched at most every few seconds).
    await tx`update campaigns set updated_at = now() where id = ${campaignId} and updated_at < now() - interval '5 seconds'`;
    const messages = await claimBatch(tx, campaignId, batchSize ?? batchSizeFor(campaign.throughputPerSecond));
    if (messages.length === 0) return { campaign, credentials, messages, slots: null };
    const slots = await reserveSendSlots(tx, { workspaceId, phoneNumberId: campaign.phoneNumberId, wanted: messages.length });
    // Slots beyond the reservation go back to the queue for the next round.
    const returned = messages.slice(slots.count).map((message) => message.id);
    if (returned.length > 0) {
      await tx`update campaign_messages set status = 'queued', attempts = attempts - 1, claimed_until = null where id = any(${returned}::uuid[])`;
    }
    return { campaign, credentials, messages: messages.slice(0, slots.count), slots };
  });
  if (!claimed) return "stopped";
  const { campaign, credentials, messages, slots } = claimed;
  if (!slots) {
    const finished = await withWorkspace(workspaceId, null, (tx) => completeIfDone(tx, campaignId));
    return finished ? "stopped" : "idle";
  }
  // Sending is refused at send time too when the workspace's access has ended since the launch.
  const gate = await checkAccess(workspaceId, { need: "send", messages: { sentThisMonth: await sentThisMonth(workspaceId), toSend: messages.length } });
  if (!gate.allowed) {
    await withWorkspace(workspaceId, null, async (tx) => {
      await tx`update campaign_messages set status = 'queued', attempts = attempts - 1, claimed_until = null where id = any(${messages.map((m) => m.id)}::uuid[])`;
      await stopCampaign(tx, campaignId, "paused", gate.message ?? "Sending is not allowed on this plan");
    });
    return "stopped";
  }
  const outcomes = await sendAtSlots(workspaceId, credentials, campaign, messages, slots);
  await withWorkspace(workspaceId, null, (tx) => recordOutcomes(tx, workspaceId, campaignId, campaign, outcomes, messages));
  countSent(workspaceId, outcomes.filter((outcome) => "wamid" in outcome).length);
  return "sent";
}
