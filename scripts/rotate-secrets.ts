// npm run secrets:rotate: after putting a new key first in SECRETS_KEYS (keeping the old ones after
// it), re-seals every stored secret under the new key; then the old key can be removed.
import { closePools } from "../db/pools";
import { rotateSecrets } from "../app/modules/whatsapp/rotate-secrets.server";

const { examined, resealed } = await rotateSecrets();
console.log(`secrets: ${examined} WhatsApp connection(s) examined, ${resealed} re-sealed under the current key`);
await closePools();
