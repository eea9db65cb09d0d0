// "Test connection": asks Meta for each connected number's current details with the stored token,
// refreshes what the settings page shows, and reports Meta's refusal in plain words.
import type { WorkspaceAccess } from "../workspaces/memberships.server";
import { describeGraphFailure, type PhoneNumberInfo } from "./graph.server";
import { refreshNumbers } from "./refresh-numbers.server";

export type ConnectionCheck = { ok: true; numbers: PhoneNumberInfo[] } | { ok: false; error: string };

export async function testConnection(access: WorkspaceAccess): Promise<ConnectionCheck> {
  try {
    const numbers = await refreshNumbers(access.workspace.id);
    return numbers.length > 0 ? { ok: true, numbers } : { ok: false, error: "WhatsApp is not connected yet" };
  } catch (error) {
    return { ok: false, error: describeGraphFailure(error) };
  }
}
