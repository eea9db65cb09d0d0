// A memo that lives for one GET request, so reads every loader of a page needs (who is signed in,
// their workspaces) run once per page instead of once per loader. Writes never go through it.
import { AsyncLocalStorage } from "node:async_hooks";

type Scope = Map<string, Promise<unknown>>;

// The server and the app build each load this file; one instance on globalThis serves both.
const slot = Symbol.for("kiana.request-scope");
const globals = globalThis as typeof globalThis & { [slot]?: AsyncLocalStorage<Scope> };
const storage = (globals[slot] ??= new AsyncLocalStorage<Scope>());

/** Runs a request's handling with a fresh memo when it only reads (GET or HEAD); other methods run without one. */
export function runRequestScope<T>(method: string, handle: () => T): T {
  return method === "GET" || method === "HEAD" ? storage.run(new Map(), handle) : handle();
}

/** The value of `load` for this request: computed on first use, shared by later callers of the same key. */
export function memoizeForRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const scope = storage.getStore();
  if (!scope) return load();
  let value = scope.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    scope.set(key, value);
  }
  return value;
}
