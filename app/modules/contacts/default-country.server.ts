// The country a workspace's national phone numbers belong to: numbers typed or imported without a
// +country code are read in it. Null means every number must carry its country code.
import type { Tx } from "../../../db/transactions";

export async function defaultCountryOf(tx: Tx, workspaceId: string): Promise<string | null> {
  const [workspace] = await tx<{ defaultCountry: string | null }[]>`select default_country from workspaces where id = ${workspaceId}`;
  return workspace?.defaultCountry ?? null;
}
