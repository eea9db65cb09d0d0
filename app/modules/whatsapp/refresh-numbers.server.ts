// Re-reads every connected number's name, quality rating and messaging limit from Meta: the truth
// lives there, so quality webhooks trigger a refresh instead of trusting the event's partial fields.
import { withWorkspace } from "../../../db/transactions";
import { fetchPhoneNumber, type PhoneNumberInfo } from "./graph.server";
import { readConnection, readCredentials } from "./read-connection.server";

export async function storeNumberDetails(workspaceId: string, numbers: PhoneNumberInfo[]): Promise<void> {
  await withWorkspace(workspaceId, null, async (tx) => {
    for (const number of numbers) {
      await tx`update whatsapp_phone_numbers set display_phone_number = ${number.display_phone_number}, verified_name = ${number.verified_name},
                 quality_rating = ${number.quality_rating}, messaging_limit_tier = ${number.messaging_limit_tier ?? null}, synced_at = now()
                where phone_number_id = ${number.id}`;
    }
    await tx`update whatsapp_accounts set last_checked_at = now()`;
  });
}

/** Fetches and stores the details of every connected number; Graph failures propagate to the caller. */
export async function refreshNumbers(workspaceId: string): Promise<PhoneNumberInfo[]> {
  const [credentials, connection] = await withWorkspace(workspaceId, null, (tx) => Promise.all([readCredentials(tx), readConnection(tx)]));
  if (!credentials || !connection) return [];
  const numbers = await Promise.all(connection.numbers.map((number) => fetchPhoneNumber(credentials, number.phoneNumberId)));
  await storeNumberDetails(workspaceId, numbers);
  return numbers;
}
