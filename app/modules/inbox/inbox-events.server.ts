// Live inbox updates across any number of web processes: whatever changes a conversation (an inbound
// message, a reply, a status, an assignment) notifies Postgres in its own transaction, so the signal
// leaves only if the change commits; each web process listens once and wakes the open inboxes of that
// workspace, which then reload what they show through the usual access checks. A signal carries no
// content, only "this workspace's inbox changed".
import type { Tx } from "../../../db/transactions";
import { appSql } from "../../../db/pools";
import { log } from "~/lib/log.server";

const channel = "inbox_changes";

/** Signals the transaction's workspace; Postgres folds repeats within one transaction into one. */
export async function notifyInboxChange(tx: Tx): Promise<void> {
  await tx`select pg_notify(${channel}, app_private.current_workspace_id()::text)`;
}

type Listener = () => void;
const listeners = new Map<string, Set<Listener>>();
let listening: Promise<unknown> | null = null;

function wake(workspaceId: string): void {
  for (const listener of listeners.get(workspaceId) ?? []) listener();
}

function listen(): void {
  // postgres.js keeps a dedicated connection for LISTEN and re-listens after a reconnect.
  listening ??= appSql()
    .listen(channel, wake)
    .catch((error: unknown) => {
      listening = null;
      log.error("inbox.listen_failed", { error: error instanceof Error ? error.message : String(error) });
    });
}

/** Calls `onChange` whenever the workspace's inbox changes, until the returned function is called. */
export function subscribeToInbox(workspaceId: string, onChange: Listener): () => void {
  listen();
  const set = listeners.get(workspaceId) ?? new Set();
  set.add(onChange);
  listeners.set(workspaceId, set);
  return () => {
    set.delete(onChange);
    if (set.size === 0) listeners.delete(workspaceId);
  };
}
