// The only ways to touch tenant rows. Each helper runs its callback in one transaction whose
// identity settings are transaction-local, so a pooled connection never carries a tenant over.
import { appSql, systemSql, type Tx } from "./pools";

export type { Tx } from "./pools";

async function setIdentity(tx: Tx, workspaceId: string | null, userId: string | null) {
  await tx`select set_config('app.workspace_id', ${workspaceId ?? ""}, true), set_config('app.user_id', ${userId ?? ""}, true)`;
}

/** Runs `fn` as the app role inside one workspace (row-level security scopes every tenant table to it). */
export function withWorkspace<T>(workspaceId: string, userId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return appSql().begin(async (tx) => {
    await setIdentity(tx, workspaceId, userId);
    return fn(tx);
  }) as Promise<T>;
}

/** Runs `fn` as the app role for a signed-in user outside any one workspace: it sees only their own memberships. */
export function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return appSql().begin(async (tx) => {
    await setIdentity(tx, null, userId);
    return fn(tx);
  }) as Promise<T>;
}

/** Runs `fn` as the app role with no identity: only global tables (users, sessions, tokens) are reachable. */
export function withoutTenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return appSql().begin(fn) as Promise<T>;
}

/**
 * Runs `fn` as the system role, which bypasses row-level security. Only the modules named in
 * db/system-modules.ts may call this; a test enforces the list.
 */
export function withSystem<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return systemSql().begin(fn) as Promise<T>;
}

/** Moves an open app-role transaction to another workspace (creating a workspace, or logging to each of a user's workspaces). */
export async function scopeTo(tx: Tx, workspaceId: string | null, userId: string | null): Promise<void> {
  await setIdentity(tx, workspaceId, userId);
}
