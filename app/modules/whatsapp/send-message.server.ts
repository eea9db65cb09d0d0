// Sending one message through the Cloud API, for every part of the product that sends (campaign
// senders, inbox replies): where it goes, who it is addressed to, and what Meta answered, as a value
// rather than an exception so a sender can record each outcome.
import { GraphApiError, callGraph, type GraphCredentials } from "./graph.server";

export type SendResult = { wamid: string } | { error: GraphApiError } | { unreachable: string };

/** Meta routes marketing templates through the Marketing Messages API when the workspace turned it on. */
export function messagesPath(phoneNumberId: string, templateCategory: string | null, marketingMessagesEnabled: boolean): string {
  const marketing = templateCategory === "MARKETING" && marketingMessagesEnabled;
  return `${phoneNumberId}/${marketing ? "marketing_messages" : "messages"}`;
}

/** A contact with a number is addressed by it; one known only by a WhatsApp user id, by that id. */
export function recipientFields(phone: string | null, bsuid: string | null): { to: string } | { recipient: string } {
  if (phone) return { to: phone.replace(/^\+/, "") };
  if (bsuid) return { recipient: bsuid };
  throw new Error("a recipient needs a phone number or a WhatsApp user id");
}

/** POSTs a message body (messaging_product and recipient_type are added here). */
export async function postMessage(credentials: GraphCredentials, path: string, body: Record<string, unknown>): Promise<SendResult> {
  try {
    const reply = await callGraph<{ messages?: { id: string }[] }>(credentials, path, {
      method: "POST",
      body: { messaging_product: "whatsapp", recipient_type: "individual", ...body },
    });
    const wamid = reply.messages?.[0]?.id;
    return wamid ? { wamid } : { unreachable: "Meta accepted the message without an id" };
  } catch (error) {
    if (error instanceof GraphApiError) return { error };
    return { unreachable: error instanceof Error ? error.message : String(error) };
  }
}
