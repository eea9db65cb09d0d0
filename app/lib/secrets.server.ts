// Secrets at rest (WhatsApp access tokens, app secrets): AES-256-GCM under keys from SECRETS_KEYS.
// Each ciphertext is stored with the id of the key that sealed it, so keys rotate without downtime.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env, isProduction } from "./env.server";

export interface SealedSecret {
  keyId: string;
  /** iv (12 bytes) + auth tag (16 bytes) + ciphertext. */
  ciphertext: Buffer;
}

export interface SecretKeyring {
  current: string;
  keys: Map<string, Buffer>;
}

// Development and tests need no setup; production refuses to start without SECRETS_KEYS (env.server.ts).
const developmentKeys = "dev:a2lhbmEtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=";

/** Parses "id:base64key,id2:base64key"; the first key seals, every key opens. */
export function parseKeyring(spec: string): SecretKeyring {
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(",").map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf(":");
    const id = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), "base64");
    if (separator < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`SECRETS_KEYS: "${id}" is not a valid key id`);
    if (key.length !== 32) throw new Error(`SECRETS_KEYS: key "${id}" must be 32 bytes in base64`);
    if (keys.has(id)) throw new Error(`SECRETS_KEYS: key id "${id}" appears twice`);
    keys.set(id, key);
  }
  const [current] = keys.keys();
  if (!current) throw new Error("SECRETS_KEYS holds no key");
  return { current, keys };
}

let configured: SecretKeyring | undefined;

export function keyring(): SecretKeyring {
  configured ??= parseKeyring(env.SECRETS_KEYS ?? (isProduction ? "" : developmentKeys));
  return configured;
}

export function sealSecret(plaintext: string, ring: SecretKeyring = keyring()): SealedSecret {
  const key = ring.keys.get(ring.current) as Buffer;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: ring.current, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), data]) };
}

export function openSecret(sealed: SealedSecret, ring: SecretKeyring = keyring()): string {
  const key = ring.keys.get(sealed.keyId);
  if (!key) throw new Error(`secret sealed with key "${sealed.keyId}", which SECRETS_KEYS no longer holds`);
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.ciphertext.subarray(0, 12));
  decipher.setAuthTag(sealed.ciphertext.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.ciphertext.subarray(28)), decipher.final()]).toString("utf8");
}

/** True when a secret should be re-sealed under the current key. */
export function needsRotation(sealed: SealedSecret, ring: SecretKeyring = keyring()): boolean {
  return sealed.keyId !== ring.current;
}
