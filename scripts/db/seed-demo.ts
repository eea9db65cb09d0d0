// Seeds the demo workspace for npm run dev through the same code a visitor uses: signup, then the
// WhatsApp connection form's action against the emulator's demo account. Idempotent.
import { withUser, withoutTenant } from "../../db/transactions";
import { signUp } from "../../app/modules/auth/sign-up.server";
import { extendTrial } from "../../app/modules/billing/extend-trial.server";
import { markEmailVerified } from "../../app/modules/auth/verify-email.server";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { readConnection } from "../../app/modules/whatsapp/read-connection.server";
import { inWorkspace, listMyWorkspaces } from "../../app/modules/workspaces/memberships.server";
import { workspaceAccessAs } from "./workspace-access";
import { DEMO } from "../emulators/meta/demo";

export const demoAccount = { email: "demo@kiana.test", username: "demo", password: "demo-password-2026" };
const seedMeta = { ip: "127.0.0.1", userAgent: "seed" };

/** The demo workspace stays on its free trial however long ago it was seeded. */
const demoTrialDays = 14;

async function keepDemoTrialing(userId: string): Promise<void> {
  const workspaces = await withUser(userId, (tx) => tx<{ workspaceId: string }[]>`select workspace_id from memberships where user_id = ${userId}`);
  for (const { workspaceId } of workspaces) await extendTrial(workspaceId, demoTrialDays);
}

export async function seedDemo(): Promise<typeof demoAccount> {
  const [existing] = await withoutTenant((tx) => tx<{ id: string }[]>`select id from users where email = ${demoAccount.email}`);
  if (existing) {
    await keepDemoTrialing(existing.id);
    return demoAccount;
  }
  const result = await signUp(
    { name: "Demo Owner", email: demoAccount.email, username: demoAccount.username, workspaceName: "Demo Business", password: demoAccount.password, acceptTerms: "on" },
    seedMeta,
  );
  if (!result.ok) throw new Error(`demo seed failed: ${JSON.stringify(result.errors)}`);
  await markEmailVerified(result.userId);
  return demoAccount;
}

/**
 * Connects the demo workspace to the Meta emulator's demo account (META_GRAPH_URL must point at it)
 * unless it is connected already, and returns the workspace's webhook key for the emulator's callback
 * (and whether it just connected, so a first start can greet the inbox with customers' messages).
 */
export async function connectDemoWhatsApp(): Promise<{ webhookKey: string; newlyConnected: boolean }> {
  const [user] = await withoutTenant((tx) => tx<{ id: string }[]>`select id from users where email = ${demoAccount.email}`);
  if (!user) throw new Error("seed the demo account first");
  const [workspace] = await listMyWorkspaces(user.id);
  if (!workspace) throw new Error("the demo account has no workspace");
  const access = await workspaceAccessAs(user.id, workspace.slug);
  const connected = await inWorkspace(access, readConnection);
  if (connected) return { webhookKey: connected.webhookKey, newlyConnected: false };
  const result = await connectWhatsApp(
    access,
    {
      wabaId: DEMO.wabaId,
      phoneNumberIds: `${DEMO.phoneNumbers.main.id}, ${DEMO.phoneNumbers.support.id}`,
      accessToken: DEMO.accessToken,
      appSecret: DEMO.appSecret,
      verifyToken: DEMO.verifyToken,
      apiVersion: "v24.0",
      marketingMessages: "on",
    },
    seedMeta,
  );
  if (!result.ok) throw new Error(`connecting the demo WhatsApp account failed: ${JSON.stringify(result.errors)}`);
  const connection = await inWorkspace(access, readConnection);
  if (!connection) throw new Error("the demo WhatsApp connection was not stored");
  return { webhookKey: connection.webhookKey, newlyConnected: true };
}
