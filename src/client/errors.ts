import type { EnvironmentName } from "../model/environments.js";
import { clipText, MAX_API_TEXT, type Redactor } from "../secrets/redact.js";
import { isRecord } from "../util/objects.js";

/*
 * Error classes, after ky's: one base that says which request failed, and one child per way of failing.
 * None of them holds headers, request bodies or credentials, so printing or serialising one never leaks a
 * secret (product.md, Credentials). What they hold from a response passes the client's redactor first (a
 * server may echo a request), and text is clipped to a few KB after redaction, never before (issue 9).
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

  /**
   * @param body the response body; scrubbed with `redactor` before anything reads it, and kept scrubbed.
   */
  constructor(request: RequestInfo, status: number, body: unknown, attempts = 1, redactor?: Redactor) {
    const clean = redactor ? redactor.scrubValue(body) : body;
    const obj = isRecord(clean) ? clean : undefined;
    const error = typeof obj?.error === "string" ? clipText(obj.error) : undefined;
    // A text body is usually an HTML error page from a proxy: its start says enough.
    const fallback = typeof clean === "string" && clean.trim() !== "" ? clipText(clean.trim(), 200) : `HTTP ${status}`;
    super(`${error ?? fallback} (${request.method} ${request.path} → ${status})`, request, { status, attempts });
    this.body = clean;
    if (error !== undefined) this.error = error;
    if (Array.isArray(obj?.issues)) this.issues = obj.issues;
    if (Array.isArray(obj?.details)) this.details = obj.details;
    if (Array.isArray(obj?.variableErrors)) {
      this.variableErrors = obj.variableErrors
        .filter(isRecord)
        .map((v) => ({ key: clipText(String(v.key), 256), error: clipText(String(v.error), MAX_API_TEXT / 4) }));
    }
  }
}

/** The request never got a response: connection refused or reset, socket hang up, DNS failure. */
export class NetworkError extends TriggerApiError {
  override name = "NetworkError";
  /** The system or undici error code, e.g. `ECONNRESET`, `UND_ERR_SOCKET`. */
  readonly code?: string;

  constructor(request: RequestInfo, cause: unknown, attempts = 1, redactor?: Redactor) {
    const code = errorCode(cause);
    const raw = cause instanceof Error ? cause.message : String(cause);
    const detail = clipText(redactor ? redactor.scrub(raw) : raw);
    // The cause is kept for debugging; its message must not carry what the message may not.
    if (cause instanceof Error && detail !== raw) cause.message = detail;
    super(`Network error: ${detail}${code && !detail.includes(code) ? ` (${code})` : ""} (${request.method} ${request.path})`, request, {
      attempts,
      cause,
    });
    if (code !== undefined) this.code = code;
  }
}

/** The server answered with a body larger than the client's `maxResponseBytes`; it was not read. */
export class ResponseTooLargeError extends TriggerApiError {
  override name = "ResponseTooLargeError";
  readonly limitBytes: number;

  constructor(request: RequestInfo, status: number, limitBytes: number, attempts = 1) {
    super(
      `The Trigger.dev API's response is too large: more than ${limitBytes} bytes (${request.method} ${request.path} → ${status}); ` +
        "no endpoint trigger-iac uses answers anywhere near that, so the server or a proxy in between is misbehaving",
      request,
      { status, attempts },
    );
    this.limitBytes = limitBytes;
  }
}

/** The server answered 2xx with a body that is not what the API documents for the endpoint; it was not used. */
export class UnexpectedResponseError extends TriggerApiError {
  override name = "UnexpectedResponseError";
  /** Where in the body the first mismatch is, as a JSON pointer (`""` for the body itself). */
  readonly field: string;

  constructor(request: RequestInfo, field: string, problem: string, status?: number) {
    super(
      `Unexpected response from ${request.method} ${request.path}: ${field === "" ? "the body" : `field '${field}'`} ${problem}; ` +
        "trigger-iac did not use it (is the API URL a Trigger.dev API of a supported version?)",
      request,
      status === undefined ? {} : { status },
    );
    this.field = field;
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

function errorCode(cause: unknown): string | undefined {
  if (isRecord(cause) || cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const inner = (cause as { cause?: unknown }).cause;
    if (inner !== undefined && inner !== cause) return errorCode(inner);
  }
  return undefined;
}
