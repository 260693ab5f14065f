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

/**
 * One route: methods, a path template with `:params`, and what a method it does not serve gets. Remix sends
 * GET/HEAD to the route file's `loader` and every other method to its `action`; a route file without the
 * export the method needs is answered by Remix itself (see {@link REMIX_NO_LOADER}, {@link REMIX_NO_ACTION}).
 */
export interface Route {
  methods: readonly string[];
  pattern: RegExp;
  paramNames: string[];
  handler: Handler;
  /**
   * What the route file's action answers for a non-GET method it does not serve (a legacy plain object, the
   * apiBuilder's 405, …). Declaring it also says the file has an action.
   * @default 405 {"error":"Method not allowed"} when the file has an action, else {@link REMIX_NO_ACTION}
   */
  wrongMethod?: RouteResponse;
  /** What the file's loader answers a GET when the emulated route serves no GET. @default {@link REMIX_NO_LOADER} */
  loaderAnswer?: RouteResponse;
}

/**
 * Legacy Remix handlers return `{ status: 405, body: "Method Not Allowed" }` as a plain object, which Remix
 * serialises with status 200 (api-behaviour.md §1.4).
 */
export const LEGACY_WRONG_METHOD: RouteResponse = json(200, { status: 405, body: "Method Not Allowed" });

/**
 * The loader an apiBuilder action route exports (`createActionApiRoute` in
 * apps/webapp/app/services/routeBuilders/apiBuilder.server.ts) answers GET with a bare 405 and no body.
 */
export const ACTION_ROUTE_LOADER: RouteResponse = { status: 405 };

/**
 * Remix's own answer (`@remix-run/router` `getInternalRouterError`, serialised by `@remix-run/server-runtime`
 * `errorResponseToJson` with the message sanitised in production) when a GET reaches a route file that exports
 * no `loader`: 400 `{"message":"Unexpected Server Error"}` with `X-Remix-Error: yes`.
 */
export const REMIX_NO_LOADER: RouteResponse = remixRouterError(400);

/** The same for a non-GET method on a route file that exports no `action`: 405 (see {@link REMIX_NO_LOADER}). */
export const REMIX_NO_ACTION: RouteResponse = remixRouterError(405);

function remixRouterError(status: number): RouteResponse {
  return json(status, { message: "Unexpected Server Error" }, { "x-remix-error": "yes" });
}

/**
 * Remix's last-resort answer when a handler throws a non-Response (`returnLastResortErrorResponse` in
 * `@remix-run/server-runtime`), e.g. an unguarded `await request.json()` on a body that is not JSON: 500, plain
 * text, content type exactly `text/plain`.
 */
export const REMIX_UNEXPECTED: RouteResponse = { status: 500, body: "Unexpected Server Error", contentType: "text/plain" };

/** Declares a route. `template` segments starting with ":" are parameters (one segment each). */
export function route(
  methods: readonly string[],
  template: string,
  handler: Handler,
  wrongMethod?: RouteResponse,
  loaderAnswer?: RouteResponse,
): Route {
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
  return {
    methods,
    pattern: new RegExp(`^${source}/?$`),
    paramNames,
    handler,
    ...(wrongMethod ? { wrongMethod } : {}),
    ...(loaderAnswer ? { loaderAnswer } : {}),
  };
}

/** The answer for a method no route of the path's file serves: loader or action missing, or the action's own. */
function unservedAnswer(owned: readonly Route[], method: string): RouteResponse {
  if (method === "GET") return owned.find((r) => r.loaderAnswer)?.loaderAnswer ?? REMIX_NO_LOADER;
  const declared = owned.find((r) => r.wrongMethod)?.wrongMethod;
  if (declared) return declared;
  const hasAction = owned.some((r) => r.methods.some((m) => m !== "GET"));
  return hasAction ? error(405, "Method not allowed") : REMIX_NO_ACTION;
}

/** Finds the route for a request: the first whose path matches; a method mismatch gets its wrong-method answer. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { response: RouteResponse } | undefined {
  // Like Remix, the first route whose path matches owns the path; later entries with the same template may
  // serve other methods (so a static `…/import` is never shadowed by `…/:name`, §2.0). HEAD runs the loader.
  const wanted = method === "HEAD" ? "GET" : method;
  const owned: Route[] = [];
  let owner: string | undefined;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    if (owner !== undefined && r.pattern.source !== owner) continue;
    owner = r.pattern.source;
    owned.push(r);
    if (!r.methods.includes(wanted) && !r.methods.includes("*")) continue;
    const params: Record<string, string> = {};
    r.paramNames.forEach((name, i) => {
      params[name] = m[i + 1] as string;
    });
    return { route: r, params };
  }
  return owned.length > 0 ? { response: unservedAnswer(owned, wanted) } : undefined;
}

/** Decodes a path parameter once, as Remix does; a malformed escape is kept as sent. */
export function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
