import type { IncomingHttpHeaders } from "node:http";
import type { Credential } from "./auth.js";
import type { ParsedBody, RouteResponse } from "./http.js";
import { error, json } from "./http.js";
import type { EmulatorState } from "./state.js";

/** Everything a route handler gets. */
export interface RouteContext {
  state: EmulatorState;
  method: string;
  /** Path parameters, still URL-encoded as sent (routes decode them as the server does). */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  credential: Credential;
  body: ParsedBody;
  /** The body as sent (for multipart uploads). */
  rawBody: string;
  now: Date;
  /** The emulator's own base URL (returned as `apiUrl`). */
  baseUrl: string;
  envSlugMode: "current" | "strict";
  /** Marks the state as changed, so it is persisted after the response. */
  changed(): void;
  /** Lets PAT routes name the project in the request log. */
  setLogProjectRef(ref: string): void;
}

/** A route handler: returns the response to write. */
export type Handler = (ctx: RouteContext) => RouteResponse | Promise<RouteResponse>;

/** One route: methods, a path template with `:params`, and what a wrong method gets. */
export interface Route {
  methods: readonly string[];
  pattern: RegExp;
  paramNames: string[];
  handler: Handler;
  /** Response for a method the route does not serve. @default 405 {"error":"Method not allowed"} */
  wrongMethod?: RouteResponse;
}

/**
 * Legacy Remix handlers return `{ status: 405, body: "Method Not Allowed" }` as a plain object, which Remix
 * serialises with status 200 (api-behaviour.md §1.4).
 */
export const LEGACY_WRONG_METHOD: RouteResponse = json(200, { status: 405, body: "Method Not Allowed" });

/** An apiBuilder loader-only route answers other methods with a bare 405 and no body (§1.4). */
export const LOADER_WRONG_METHOD: RouteResponse = { status: 405 };

/** Declares a route. `template` segments starting with ":" are parameters (one segment each). */
export function route(methods: readonly string[], template: string, handler: Handler, wrongMethod?: RouteResponse): Route {
  const paramNames: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) {
        paramNames.push(segment.slice(1));
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { methods, pattern: new RegExp(`^${source}/?$`), paramNames, handler, ...(wrongMethod ? { wrongMethod } : {}) };
}

/** Finds the route for a request: the first whose path matches; a method mismatch gets its wrong-method answer. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { response: RouteResponse } | undefined {
  // Like Remix, the first route whose path matches owns the path; later entries with the same template may
  // serve other methods (so a static `…/import` is never shadowed by `…/:name`, §2.0).
  let wrong: RouteResponse | undefined;
  let owner: string | undefined;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    if (owner !== undefined && r.pattern.source !== owner) continue;
    owner = r.pattern.source;
    if (!r.methods.includes(method) && !r.methods.includes("*")) {
      wrong ??= r.wrongMethod ?? error(405, "Method not allowed");
      continue;
    }
    const params: Record<string, string> = {};
    r.paramNames.forEach((name, i) => {
      params[name] = m[i + 1] as string;
    });
    return { route: r, params };
  }
  return wrong ? { response: wrong } : undefined;
}

/** Decodes a path parameter once, as Remix does; a malformed escape is kept as sent. */
export function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
