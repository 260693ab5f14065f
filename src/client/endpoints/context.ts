import type { EnvironmentName } from "../../model/environments.js";
import type { RouteAccess } from "../auth.js";
import type { Redactor } from "../../secrets/redact.js";
import type { LimiterGroup, QueryValue } from "../request.js";
import type { ResponseSchema } from "../response-schemas.js";

/** One endpoint call, as an endpoint family describes it. */
export interface EndpointCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Encoded path starting with `/api/`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  access: RouteAccess;
  /** @default true for GET, PUT and DELETE; false for POST (only the POSTs the API makes idempotent say true) */
  idempotent?: boolean;
  /** @default "general" */
  limiter?: LimiterGroup;
  /** The 2xx body's documented shape; anything else becomes a `TriggerApiError` naming the request. */
  expect?: "array" | "object";
  /**
   * The 2xx body's schema (src/client/response-schemas.ts): a body that does not match becomes an
   * `UnexpectedResponseError` naming the request and the first wrong field. Every call whose body is used
   * declares one.
   */
  response?: ResponseSchema;
}

/** What an environment-scoped endpoint family needs from the client. */
export interface EndpointContext {
  readonly projectRef: string;
  readonly environment: EnvironmentName;
  /** Sends the call with the right credential for this environment and returns the 2xx body. */
  call<T>(call: EndpointCall): Promise<T>;
  /** Where a secret the endpoint sends (a secret env var's value) is registered before it is sent. */
  readonly redactor: Redactor;
}

/** `encodeURIComponent` for one path segment. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

