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
