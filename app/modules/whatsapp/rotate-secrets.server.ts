// Re-seals every stored WhatsApp secret under the current key (the first of SECRETS_KEYS), so an
// old key can be retired. Crosses tenants by nature; safe to rerun, rows already current are skipped.
import { withSystem } from "../../../db/transactions";
import { keyring, needsRotation, openSecret, sealSecret, type SecretKeyring } from "~/lib/secrets.server";

interface SealedRow {
  workspaceId: string;
  accessTokenCiphertext: Buffer;
  accessTokenKeyId: string;
  appSecretCiphertext: Buffer;
  appSecretKeyId: string;
}

export async function rotateSecrets(ring: SecretKeyring = keyring()): Promise<{ examined: number; resealed: number }> {
  return withSystem(async (tx) => {
    const rows = await tx<SealedRow[]>`
      select workspace_id, access_token_ciphertext, access_token_key_id, app_secret_ciphertext, app_secret_key_id
        from whatsapp_accounts for update`;
    let resealed = 0;
    for (const row of rows) {
      const token = { keyId: row.accessTokenKeyId, ciphertext: row.accessTokenCiphertext };
      const secret = { keyId: row.appSecretKeyId, ciphertext: row.appSecretCiphertext };
      if (!needsRotation(token, ring) && !needsRotation(secret, ring)) continue;
      const newToken = sealSecret(openSecret(token, ring), ring);
      const newSecret = sealSecret(openSecret(secret, ring), ring);
      await tx`update whatsapp_accounts set access_token_ciphertext = ${newToken.ciphertext}, access_token_key_id = ${newToken.keyId},
                 app_secret_ciphertext = ${newSecret.ciphertext}, app_secret_key_id = ${newSecret.keyId}
                where workspace_id = ${row.workspaceId}`;
      resealed++;
    }
    return { examined: rows.length, resealed };
  });
}
