import type { EnvironmentName } from "../model/environments.js";

/*
 * Error classes, after ky's: one base that says which request failed, and one child per way of failing.
 * None of them holds headers, request bodies or credentials, so printing or serialising one never leaks a
 * secret (product.md, Credentials).
 */

/** What every client error says about the request it belongs to. */
export interface RequestInfo {
  method: string;
  /** Path and query string, e.g. `/api/v1/schedules?page=2`; never contains a credential. */
  path: string;
  /** The environment the request acted on, when it was environment-scoped. */
  environment?: EnvironmentName;
}

/** Base class of every error thrown by the Trigger.dev client. */
export class TriggerApiError extends Error {
  override name = "TriggerApiError";
  readonly method: string;
  readonly path: string;
  readonly environment?: EnvironmentName;
  /** HTTP status, when a response was received. */
  readonly status?: number;
  /** Attempts made before giving up (1 when not retried, 0 when refused before sending). */
  readonly attempts: number;

  constructor(message: string, request: RequestInfo, extra: { status?: number; attempts?: number; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.method = request.method;
    this.path = request.path;
    if (request.environment !== undefined) this.environment = request.environment;
    if (extra.status !== undefined) this.status = extra.status;
    this.attempts = extra.attempts ?? 1;
  }
}

/** One entry of `variableErrors` in an env var write refusal (api-behaviour.md §2.3). */
export interface VariableError {
  key: string;
  error: string;
}

/** The server answered with a non-2xx status. The message is the API's own `error` string. */
export class HttpError extends TriggerApiError {
  override name = "HttpError";
  declare readonly status: number;
  /** The server's `error` string, when the body had one. */
  readonly error?: string;
  /** Zod issues from hand-written validation (`"Invalid request body"`, api-behaviour.md §1.4). */
  readonly issues?: unknown[];
  /** Per-variable refusals from env var writes. */
  readonly variableErrors?: VariableError[];
  /** Zod issues from apiBuilder routes (`"Query Error"`, `"Params Error"`). */
  readonly details?: unknown[];
  /** The response body, parsed as JSON when it was JSON, else the text. */
  readonly body: unknown;

  constructor(request: RequestInfo, status: number, body: unknown, attempts = 1) {
    const obj = isRecord(body) ? body : undefined;
    const error = typeof obj?.error === "string" ? obj.error : undefined;
    const fallback = typeof body === "string" && body.trim() !== "" ? body.trim().slice(0, 200) : `HTTP ${status}`;
    super(`${error ?? fallback} (${request.method} ${request.path} → ${status})`, request, { status, attempts });
    this.body = body;
    if (error !== undefined) this.error = error;
    if (Array.isArray(obj?.issues)) this.issues = obj.issues;
    if (Array.isArray(obj?.details)) this.details = obj.details;
    if (Array.isArray(obj?.variableErrors)) {
      this.variableErrors = obj.variableErrors.filter(isRecord).map((v) => ({ key: String(v.key), error: String(v.error) }));
    }
  }
}

/** The request never got a response: connection refused or reset, socket hang up, DNS failure. */
export class NetworkError extends TriggerApiError {
  override name = "NetworkError";
  /** The system or undici error code, e.g. `ECONNRESET`, `UND_ERR_SOCKET`. */
  readonly code?: string;

  constructor(request: RequestInfo, cause: unknown, attempts = 1) {
    const code = errorCode(cause);
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`Network error: ${detail}${code && !detail.includes(code) ? ` (${code})` : ""} (${request.method} ${request.path})`, request, {
      attempts,
      cause,
    });
    if (code !== undefined) this.code = code;
  }
}

/** No complete response arrived within `timeoutMs`. */
export class TimeoutError extends TriggerApiError {
  override name = "TimeoutError";
  readonly timeoutMs: number;

  constructor(request: RequestInfo, timeoutMs: number, attempts = 1) {
    super(`Request timed out after ${timeoutMs} ms (${request.method} ${request.path})`, request, { attempts });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Credentials are missing, or a secret key belongs to another environment than the one it would act on.
 * Thrown before any request is sent. `variables` names the environment variables that would fix it.
 */
export class CredentialError extends TriggerApiError {
  override name = "CredentialError";
  readonly variables: string[];

  constructor(message: string, request: RequestInfo, variables: string[]) {
    // Nothing was sent: refused before the first attempt.
    super(message, request, { attempts: 0 });
    this.variables = variables;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function errorCode(cause: unknown): string | undefined {
  if (isRecord(cause) || cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const inner = (cause as { cause?: unknown }).cause;
    if (inner !== undefined && inner !== cause) return errorCode(inner);
  }
  return undefined;
}
