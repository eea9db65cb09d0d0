// Maps `METHOD /v1/path/:param` patterns to handlers; each API module exports its routes as a list.
import type { Core } from "../core/context";
import type { FormObject } from "../core/form";

export interface RouteContext {
  core: Core;
  /** The `:name` segments of the path. */
  params: Record<string, string>;
  /** The request's parameters (query for GET and DELETE, body for POST) without `expand`. */
  input: FormObject;
}

export type RouteHandler = (context: RouteContext) => unknown;

export interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

export function route(method: Route["method"], path: string, handler: RouteHandler): Route {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(segment.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { method, pattern: new RegExp(`^${source}/?$`), names, handler };
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(routes: Route[], method: string, path: string): RouteMatch | null {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    candidate.names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1] ?? "");
    });
    return { route: candidate, params };
  }
  return null;
}
