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
 * Reads in one transaction and one round trip, as the app role with no identity until a statement sets
 * one. BEGIN READ ONLY, every statement `read` starts before its first await, and COMMIT are written to
 * the connection together, so a page pays one wait for the database instead of one per statement.
 * Each statement is sent as it is written (no fragments here), so they run in the order of the code.
 * The price: statements cannot hand JavaScript values to each other. A later statement sees what an
 * earlier one set in SQL (set_config, e.g. the user of a session, see `scopeToMemberWorkspace`), and
 * starting a statement after the first await throws instead of running outside the transaction.
 */
export async function readTogether<T>(read: (tx: Tx) => Promise<T>): Promise<T> {
  const connection = await appSql().reserve();
  let open = true;
  const tx = new Proxy(connection, {
    apply(target, self, args) {
      if (!open) throw new Error("readTogether: every statement must start before the first await");
      const made = Reflect.apply(target, self, args) as unknown;
      // Sent as written rather than when first awaited, so the order of the code is the order of the statements.
      if (made instanceof Promise && "execute" in made && typeof made.execute === "function") made.execute();
      return made;
    },
  }) as unknown as Tx;
  const begun = connection`begin read only`.execute();
  let result: Promise<T>;
  try {
    result = read(tx);
  } catch (error) {
    result = Promise.reject(error);
  }
  open = false;
  const steps = [begun, result, connection`commit`.execute()] as const;
  try {
    return (await Promise.all(steps))[1];
  } finally {
    // The connection goes back to the pool only once COMMIT (or the ROLLBACK a failed statement turns it into) has answered.
    await Promise.allSettled(steps);
    connection.release();
  }
}

/**
 * Moves an open transaction to the workspace named `slug` when the transaction's user is a member of it,
 * and otherwise to no workspace, in SQL: the user may have been set by an earlier statement of the same
 * round trip (`readTogether`).
 */
export function scopeToMemberWorkspace(tx: Tx, slug: string) {
  return tx`select set_config('app.workspace_id', coalesce((
      select w.id::text from workspaces w
       where w.slug = ${slug}
         and exists (select 1 from memberships m where m.workspace_id = w.id and m.user_id = app_private.current_user_id())), ''), true)`;
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
