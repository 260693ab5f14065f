import type { Dispatcher } from "undici";
import type { EnvironmentName } from "../model/environments.js";
import type { Credential } from "./auth.js";
import { AdaptiveConcurrency } from "./adaptive.js";
import { HttpError, NetworkError, ResponseTooLargeError, TimeoutError, TriggerApiError, type RequestInfo } from "./errors.js";
import type { ResolvedClientOptions } from "./options.js";
import { RateLimiter, type BucketReading, type TokenBucket } from "./rate-limiter.js";
import {
  backoffDelay,
  isRetryableStatus,
  rateLimitResetAt,
  serverRequestedDelay,
  shouldRetryHeader,
  withJitter,
} from "./retry.js";
import { AttemptTimeout, BodyTooLarge, createDefaultDispatcher, sendOnce, type TransportRequest, type TransportResponse } from "./transport.js";

/** What one attempt came to. `waitMs` is the wait the server asked for, when it asked. */
type Outcome = { ok: true; body: unknown } | { ok: false; error: TriggerApiError; retryable: boolean; waitMs?: number };

/** Which server-side rate limiter a route counts against (api-behaviour.md §1.7). */
export type LimiterGroup = "general" | "deployments" | "none";

/** A query value; arrays are joined with commas (the API's convention for `filter[...]`). */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** One logical API call, before credentials are attached. */
export interface ApiRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** API path, already URL-encoded, starting with `/api/`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Safe to send twice: decides whether a failure may be retried. */
  idempotent: boolean;
  limiter: LimiterGroup;
  environment?: EnvironmentName;
  /** Sent as `x-trigger-branch` only when set. */
  branch?: string;
}

/**
 * Sends requests: rate limiting, bounded concurrency, per-attempt timeout, retries of what is safe to repeat,
 * typed errors and debug lines. Knows nothing about endpoints.
 */
export class RequestPipeline {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  /** One concurrency limit per rate-limit bucket (environment, or the PAT): environments never wait on each other. */
  private readonly lanes = new Map<string, AdaptiveConcurrency>();
  private readonly limiters: { general: RateLimiter; deployments: RateLimiter } | undefined;
  private readonly closing = new AbortController();
  /** Requests waiting to retry; close() wakes them with an error. */
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; cancel: () => void }>();
  private readonly origin: string;
  private readonly basePath: string;

  constructor(private readonly options: ResolvedClientOptions) {
    this.ownsDispatcher = options.dispatcher === undefined;
    // Room for every environment's own limit at once (dev, staging, prod, preview and the PAT's).
    this.dispatcher = options.dispatcher ?? createDefaultDispatcher(options.concurrency * 5);
    this.limiters = options.rateLimit
      ? { general: new RateLimiter(options.rateLimit.general), deployments: new RateLimiter(options.rateLimit.deployments) }
      : undefined;
    this.origin = options.baseUrl.origin;
    this.basePath = options.baseUrl.pathname.replace(/\/+$/, "");
  }

  /** The request line errors and debug lines show: path and query, no origin, no credential. */
  describe(request: Pick<ApiRequest, "method" | "path" | "query" | "environment">): RequestInfo {
    const info: RequestInfo = { method: request.method, path: request.path + queryString(request.query) };
    if (request.environment !== undefined) info.environment = request.environment;
    return info;
  }

  /** Sends `request` with `credential`, retrying when safe; resolves with the 2xx body or throws a client error. */
  async send<T>(request: ApiRequest, credential: Credential | undefined): Promise<T> {
    const info = this.describe(request);
    const retry = this.options.retry;
    const bucket = this.bucketFor(request, credential);
    const lane = this.laneFor(credential);
    const exchange = this.exchangeFor(request, info, credential);
    const label = `${info.method} ${info.path}${info.environment ? ` [${info.environment}]` : ""}`;

    for (let attempt = 1; ; attempt += 1) {
      if (this.closing.signal.aborted) throw this.closedError(info);
      const outcome = await this.attempt(request, exchange, info, attempt, bucket, lane, label);
      if (outcome.ok) return outcome.body as T;
      if (!outcome.retryable || attempt >= retry.maxAttempts) throw outcome.error;
      if (outcome.waitMs !== undefined && outcome.waitMs > retry.maxRetryAfterMs) {
        this.debug(`${label}: server asks to wait ${outcome.waitMs} ms, more than ${retry.maxRetryAfterMs} ms; giving up`);
        throw outcome.error;
      }
      const delay = outcome.waitMs !== undefined ? withJitter(outcome.waitMs, retry) : backoffDelay(attempt, retry);
      this.debug(`${label}: retrying in ${delay} ms (attempt ${attempt + 1} of ${retry.maxAttempts})`);
      this.options.onRetry?.({ ...info, reason: retryReason(outcome.error), attempt: attempt + 1, maxAttempts: retry.maxAttempts, delayMs: delay });
      await this.sleep(delay, info);
    }
  }

  /** One attempt: token, slot, exchange, and the verdict on what came back. */
  private async attempt(
    request: ApiRequest,
    exchange: TransportRequest,
    info: RequestInfo,
    attempt: number,
    bucket: TokenBucket | undefined,
    lane: AdaptiveConcurrency,
    label: string,
  ): Promise<Outcome> {
    const release = await this.admit(bucket, lane, info);
    const started = Date.now();
    let response: TransportResponse | undefined;
    try {
      response = await sendOnce(this.dispatcher, this.origin, exchange, this.options.timeoutMs, this.options.maxResponseBytes);
    } catch (error) {
      if (this.closing.signal.aborted) throw this.closedError(info);
      // Asking again would only fetch the same oversized answer.
      if (error instanceof BodyTooLarge) return { ok: false, error: new ResponseTooLargeError(info, error.status, error.limit, attempt), retryable: false };
      const failure =
        error instanceof AttemptTimeout ? new TimeoutError(info, this.options.timeoutMs, attempt) : new NetworkError(info, error, attempt, this.options.redactor);
      this.debug(`${label} → ${failure.name} after ${Date.now() - started} ms (attempt ${attempt}): ${failure.message}`);
      // A refused connection never carried the request, so even a POST may be tried again.
      const neverSent = failure instanceof NetworkError && failure.code !== undefined && CONNECT_ERROR_CODES.has(failure.code);
      return { ok: false, error: failure, retryable: request.idempotent || neverSent };
    } finally {
      release();
      bucket?.noteSettled();
      if (response) {
        const reading = bucketReading(response.headers);
        if (reading) bucket?.noteReading(reading);
        lane.noteLatency(Date.now() - started, bucket);
      }
    }

    this.debug(`${label} → ${response.status} in ${Date.now() - started} ms (attempt ${attempt})`);
    if (response.status >= 200 && response.status < 300) return { ok: true, body: response.body };
    const error = new HttpError(info, response.status, response.body, attempt, this.options.redactor);
    const waitMs = serverRequestedDelay(response.status, response.headers, Date.now());
    if (response.status === 429) {
      // The server's bucket is empty: hold every request sharing ours, not just this one.
      bucket?.pauseUntil(rateLimitResetAt(response.headers) ?? Date.now() + (waitMs ?? this.options.retry.minDelayMs));
    }
    // A 429 comes from the limiter, before any route runs (§1.7): nothing happened, so any request may repeat.
    const byStatus = isRetryableStatus(response.status) && (request.idempotent || response.status === 429);
    return { ok: false, error, retryable: shouldRetryHeader(response.headers) ?? byStatus, waitMs };
  }

  /** Method, full path and headers of the exchange; the same for every attempt. */
  private exchangeFor(request: ApiRequest, info: RequestInfo, credential: Credential | undefined): TransportRequest {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": this.options.userAgent };
    if (credential) headers.authorization = credential.authorization();
    // Only when asked: the SDK picks it up from VERCEL_GIT_COMMIT_REF and friends, which we never do (§1.5, §7).
    if (request.branch) headers["x-trigger-branch"] = request.branch;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    return { method: request.method, path: this.basePath + info.path, headers, body };
  }

  /** Stops everything: waiting requests fail, the owned dispatcher is closed. Idempotent. */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    const error = new TriggerApiError("The Trigger.dev client was closed", { method: "-", path: "-" });
    for (const sleeper of this.sleepers) sleeper.cancel();
    this.sleepers.clear();
    for (const lane of this.lanes.values()) lane.semaphore.close(error);
    this.limiters?.general.close(error);
    this.limiters?.deployments.close(error);
    if (this.ownsDispatcher) await this.dispatcher.destroy();
  }

  /** Waits for a rate-limit token, then a concurrency slot of the environment; returns the slot's release. */
  private async admit(bucket: TokenBucket | undefined, lane: AdaptiveConcurrency, info: RequestInfo): Promise<() => void> {
    try {
      if (bucket) await bucket.acquire();
      if (this.closing.signal.aborted) throw this.closedError(info);
      return await lane.semaphore.acquire();
    } catch {
      // Only close() rejects these waits.
      throw this.closedError(info);
    }
  }

  private bucketFor(request: ApiRequest, credential: Credential | undefined): TokenBucket | undefined {
    if (!this.limiters || request.limiter === "none") return undefined;
    return this.limiters[request.limiter].bucket(credential?.bucket ?? "anonymous");
  }

  private laneFor(credential: Credential | undefined): AdaptiveConcurrency {
    const key = credential?.bucket ?? "anonymous";
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new AdaptiveConcurrency(this.options.concurrency);
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private debug(line: string): void {
    this.options.onDebug?.(line);
  }

  private closedError(info: RequestInfo): TriggerApiError {
    return new TriggerApiError(`The Trigger.dev client was closed (${info.method} ${info.path})`, info);
  }

  private sleep(ms: number, info: RequestInfo): Promise<void> {
    return new Promise((resolve, reject) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        cancel: () => {
          clearTimeout(sleeper.timer);
          reject(this.closedError(info));
        },
      };
      this.sleepers.add(sleeper);
    });
  }
}

/** Why an attempt failed, in a few words: the network error's own message, or the HTTP status. */
function retryReason(error: TriggerApiError): string {
  if (error instanceof HttpError) return `HTTP ${error.status}${error.error ? ` ${error.error}` : ""}`;
  if (error instanceof TimeoutError) return error.message;
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? error.message;
}

/** The `x-ratelimit-*` headers of an answer (§1.7), when all three are there. */
function bucketReading(headers: TransportResponse["headers"]): BucketReading | undefined {
  const read = (name: string) => {
    const value = headers[name];
    return Number(Array.isArray(value) ? value[0] : value);
  };
  if (headers["x-ratelimit-limit"] === undefined || headers["x-ratelimit-reset"] === undefined) return undefined;
  const reading = { limit: read("x-ratelimit-limit"), remaining: read("x-ratelimit-remaining"), reset: read("x-ratelimit-reset") };
  return Object.values(reading).every(Number.isFinite) ? reading : undefined;
}

/** Errors raised before a connection existed: the request was never sent, so even a POST may be tried again. */
const CONNECT_ERROR_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** `?a=1&b=x,y` from a query object; undefined values are dropped, keys kept in the given order. */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.append(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
