// The only ways to touch tenant rows. Each helper runs its callback in one transaction whose
// identity settings are transaction-local, so a pooled connection never carries a tenant over.
import { appSql, systemSql, type Tx } from "./pools";

export type { Tx } from "./pools";

function setIdentity(tx: Tx, workspaceId: string | null, userId: string | null) {
  return tx`select set_config('app.workspace_id', ${workspaceId ?? ""}, true), set_config('app.user_id', ${userId ?? ""}, true)`;
}

/**
 * A transaction whose identity is set before `fn`'s first statement. The setting is pipelined rather
 * than awaited: the connection runs statements in order, so it still lands first, and a request
 * pays no extra round trip for it. Its outcome is awaited after `fn`, so a failure still surfaces.
 */
function withIdentity<T>(workspaceId: string | null, userId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return appSql().begin(async (tx) => {
    const identity = setIdentity(tx, workspaceId, userId).execute();
    identity.catch(() => undefined);
    const result = await fn(tx);
    await identity;
    return result;
  }) as Promise<T>;
}

/** Runs `fn` as the app role inside one workspace (row-level security scopes every tenant table to it). */
export function withWorkspace<T>(workspaceId: string, userId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withIdentity(workspaceId, userId, fn);
}

/** Runs `fn` as the app role for a signed-in user outside any one workspace: it sees only their own memberships. */
export function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withIdentity(null, userId, fn);
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

/**
 * Moves an open app-role transaction to another workspace (creating a workspace, logging to each of a
 * user's workspaces, reading a page's billing gate). Sent at once, so a caller may queue its next
 * statements behind it and await both together instead of paying a round trip for the setting.
 */
export function scopeTo(tx: Tx, workspaceId: string | null, userId: string | null): Promise<unknown> {
  return setIdentity(tx, workspaceId, userId).execute();
}
