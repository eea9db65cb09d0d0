// The task list: every background job the worker runs, by name, and the recurring schedule.
import type { TaskList } from "graphile-worker";
import { applyStripeEventTask } from "./apply-stripe-event";
import { applyWhatsAppWebhook } from "./apply-whatsapp-webhook";
import { executeDeletionTask } from "./execute-deletion";
import { fetchInboundMediaTask } from "./fetch-inbound-media";
import { foldCampaignTalliesTask } from "./fold-campaign-tallies";
import { issueMonthlyStatementsTask, issueStatementTask } from "./issue-statements";
import { importContactsTask } from "./import-contacts";
import { launchCampaignTask } from "./launch-campaign";
import { purgeExpired } from "./purge-expired";
import { purgeStripeEventsTask } from "./purge-stripe-events";
import { purgeMessageHistoryTask } from "./purge-message-history";
import { reviveCampaignSendersTask } from "./revive-campaign-senders";
import { reviveRepliesTask } from "./revive-replies";
import { reviveWebhookApplyTask } from "./revive-webhook-apply";
import { sendCampaignTask } from "./send-campaign";
import { sendEmail } from "./send-email";
import { sendReplyTask } from "./send-reply";
import { syncTemplatesTask } from "./sync-templates";

export const taskList: TaskList = {
  "send-email": sendEmail,
  "purge-expired": purgeExpired,
  "execute-deletion": executeDeletionTask,
  "import-contacts": importContactsTask,
  "apply-whatsapp-webhook": applyWhatsAppWebhook,
  "apply-stripe-event": applyStripeEventTask,
  "issue-monthly-statements": issueMonthlyStatementsTask,
  "issue-statement": issueStatementTask,
  "purge-stripe-events": purgeStripeEventsTask,
  "sync-templates": syncTemplatesTask,
  "send-campaign": sendCampaignTask,
  "launch-campaign": launchCampaignTask,
  "purge-message-history": purgeMessageHistoryTask,
  "revive-campaign-senders": reviveCampaignSendersTask,
  "revive-webhook-apply": reviveWebhookApplyTask,
  "revive-replies": reviveRepliesTask,
  "fold-campaign-tallies": foldCampaignTalliesTask,
  "send-reply": sendReplyTask,
  "fetch-inbound-media": fetchInboundMediaTask,
};

export const crontab = [
  "0 * * * * purge-expired ?max=1",
  "* * * * * revive-campaign-senders ?max=1",
  "* * * * * revive-webhook-apply ?max=1",
  "* * * * * revive-replies ?max=1",
  "* * * * * fold-campaign-tallies ?max=1",
  "30 2 * * * purge-message-history ?max=1",
  // 03:00 UTC on the 1st: the previous month's statement for every workspace.
  "0 3 1 * * issue-monthly-statements ?max=3",
  "40 4 * * * purge-stripe-events ?max=1",
].join("\n");
