// npm run emulator:meta: the Meta Graph API emulator on its own, with the demo account provisioned.
// Port from --port or META_EMULATOR_PORT (default 4010), Graph API version from --api-version or
// META_EMULATOR_API_VERSION (default v24.0); webhooks of the demo account go to
// META_EMULATOR_DEMO_CALLBACK_URL, signed with META_EMULATOR_DEMO_APP_SECRET.
import { argument, portArgument } from "../cli";
import { DEMO, demoAccount } from "./demo";
import { startMetaEmulator } from "./server";

const port = portArgument("meta emulator", "META_EMULATOR_PORT", 4010);

const apiVersion = argument("api-version") ?? process.env.META_EMULATOR_API_VERSION;
const emulator = await startMetaEmulator({
  port,
  host: argument("host") ?? "127.0.0.1",
  ...(apiVersion ? { apiVersion } : {}),
  accounts: [
    demoAccount({
      callbackUrl: process.env.META_EMULATOR_DEMO_CALLBACK_URL || undefined,
      appSecret: process.env.META_EMULATOR_DEMO_APP_SECRET || undefined,
    }),
  ],
});

console.log(`meta emulator listening on ${emulator.url} (Graph API ${emulator.apiVersion})`);
console.log(
  `demo account: WABA ${DEMO.wabaId}, phone numbers ${DEMO.phoneNumbers.main.id} (${DEMO.phoneNumbers.main.displayPhoneNumber}) and ` +
    `${DEMO.phoneNumbers.support.id} (${DEMO.phoneNumbers.support.displayPhoneNumber}), access token ${DEMO.accessToken}, ` +
    `webhooks ${process.env.META_EMULATOR_DEMO_CALLBACK_URL || "not configured (POST /__admin/accounts/" + DEMO.wabaId + "/webhook)"}`,
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await emulator.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
