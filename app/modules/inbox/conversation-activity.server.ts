// Moves a conversation forward when a message joins it: newest-first order, the list's preview line,
// and for a message from the contact, the unread count, the customer-service window and re-opening
// a resolved conversation. Inbound messages and replies both come through here.
import type { Tx } from "../../../db/transactions";

export interface ConversationActivity {
  at: Date;
  direction: "inbound" | "outbound";
  preview: string;
}

export async function advanceConversation(tx: Tx, conversationId: string, activity: ConversationActivity): Promise<void> {
  const inbound = activity.direction === "inbound";
  await tx`
    update conversations set
           unread_count = unread_count + ${inbound ? 1 : 0},
           status = case when ${inbound} then 'open' else status end,
           last_inbound_at = case when ${inbound} then greatest(last_inbound_at, ${activity.at}) else last_inbound_at end,
           last_message_preview = case when ${activity.at} >= last_message_at then ${activity.preview} else last_message_preview end,
           last_message_direction = case when ${activity.at} >= last_message_at then ${activity.direction} else last_message_direction end,
           last_message_at = greatest(last_message_at, ${activity.at}),
           updated_at = now()
     where id = ${conversationId}`;
}

/**
 * Campaign messages Meta accepted move their contacts' existing conversations on that number (a
 * campaign does not open conversations of its own: one opens when the contact answers, or when the
 * business writes from the inbox). One statement per batch of sent messages.
 */
export async function advanceConversationsForCampaign(tx: Tx, messageIds: string[], phoneNumberId: string, templateName: string): Promise<void> {
  await tx`
    update conversations c set last_message_at = greatest(c.last_message_at, now()), last_message_preview = ${`Campaign: ${templateName}`},
           last_message_direction = 'outbound', updated_at = now()
      from campaign_messages m
     where m.id = any(${messageIds}::uuid[]) and c.workspace_id = m.workspace_id and c.contact_id = m.contact_id and c.phone_number_id = ${phoneNumberId}`;
}
