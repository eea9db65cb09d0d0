// The test side of the Meta emulator started by tests/global-setup.ts: provisions accounts with
// random ids and drives the emulator through its admin API.
import { randomBytes } from "node:crypto";

function emulatorUrl(path: string): string {
  const origin = process.env.META_GRAPH_URL;
  if (!origin) throw new Error("META_GRAPH_URL is not set: run the tests through vitest, whose global setup starts the emulator");
  return new URL(path, origin).toString();
}

export async function metaAdmin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(emulatorUrl(`/__admin/${path}`), {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

const digits = (length: number) => `1${Array.from(randomBytes(length - 1), (byte) => String(byte % 10)).join("")}`;

export interface ProvisionedAccount {
  wabaId: string;
  accessToken: string;
  appSecret: string;
  phoneNumbers: { id: string; displayPhoneNumber: string; verifiedName: string }[];
}

/** A WhatsApp Business Account of the test's own, with two numbers (and any templates given, approved). */
export async function provisionMetaAccount(templates: unknown[] = []): Promise<ProvisionedAccount> {
  const account = {
    wabaId: digits(15),
    accessToken: `EAAT${randomBytes(16).toString("hex")}`,
    appSecret: randomBytes(16).toString("hex"),
    phoneNumbers: [
      { id: digits(15), displayPhoneNumber: "+1 555-010-0001", verifiedName: "Test Shop" },
      { id: digits(15), displayPhoneNumber: "+1 555-010-0002", verifiedName: "Test Shop Support" },
    ],
  };
  await metaAdmin("POST", "accounts", { ...account, templates });
  return account;
}

/** The WhatsApp settings form filled in for a provisioned account, as an admin would. */
export function connectionForm(account: ProvisionedAccount, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    wabaId: account.wabaId,
    phoneNumberIds: account.phoneNumbers.map((number) => number.id).join(", "),
    accessToken: account.accessToken,
    appSecret: account.appSecret,
    verifyToken: `verify_${randomBytes(12).toString("hex")}`,
    apiVersion: "v24.0",
    ...overrides,
  };
}
