import type { RateLimitSettings } from "./types.js";
import type { RouteResponse } from "./http.js";
import { PROBLEM_CONTENT_TYPE } from "./http.js";

/** The real server's general API limiter defaults (api-behaviour.md §1.7). */
export const GENERAL_LIMIT: RateLimitSettings = { maxTokens: 750, refillRate: 250, refillIntervalMs: 10_000 };
/** The separate deployment limiter (§1.7). */
export const DEPLOYMENT_LIMIT: RateLimitSettings = { maxTokens: 1500, refillRate: 500, refillIntervalMs: 10_000 };

/** Which limiter a path falls under, or "exempt" (§1.7). */
export function limiterFor(path: string): "general" | "deployment" | "exempt" {
  if (!path.startsWith("/api/")) return "exempt";
  if (path === "/api/v1/timezones") return "exempt";
  if (/^\/api\/v\d+\/deployments\/current\/?$/.test(path)) return "exempt";
  if (/^\/api\/v\d+\/deployments(\/|$)/.test(path)) return "deployment";
  if (/^\/api\/v1\/projects\/[^/]+\/(dev|staging|prod|preview)(\/|$)/.test(path)) return "deployment";
  if (/^\/api\/v1\/projects\/[^/]+\/envvars\/?$/.test(path)) return "deployment";
  if (/^\/api\/v1\/projects\/[^/]+\/envvars\/[^/]+\/import\/?$/.test(path)) return "deployment";
  if (/^\/api\/v1\/projects\/[^/]+\/branches(\/|$)/.test(path)) return "deployment";
  if (/^\/api\/v1\/artifacts(\/|$)/.test(path) || path.includes("remote-build-provider-status")) return "deployment";
  return "general";
}

interface Bucket {
  tokens: number;
  lastRefillAt: number;
}

/** Outcome of taking a token. */
export interface RateLimitResult {
  ok: boolean;
  limit: number;
  /** Raw remaining; negative when refused. */
  remaining: number;
  reset: number;
}

/** A token bucket per key (the environment id for secret keys, a hash of the header otherwise). */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly settings: RateLimitSettings) {}

  take(key: string, now: number): RateLimitResult {
    const { maxTokens, refillRate, refillIntervalMs } = this.settings;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: maxTokens, lastRefillAt: now };
      this.buckets.set(key, bucket);
    }
    const intervals = Math.floor((now - bucket.lastRefillAt) / refillIntervalMs);
    if (intervals > 0) {
      bucket.tokens = Math.min(maxTokens, bucket.tokens + intervals * refillRate);
      bucket.lastRefillAt += intervals * refillIntervalMs;
    }
    const reset = bucket.lastRefillAt + refillIntervalMs;
    if (bucket.tokens > 0) {
      bucket.tokens -= 1;
      return { ok: true, limit: maxTokens, remaining: bucket.tokens, reset };
    }
    return { ok: false, limit: maxTokens, remaining: bucket.tokens - 1, reset };
  }
}

/** The `x-ratelimit-*` headers sent on every limited request (§1.7). */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  return {
    "x-ratelimit-limit": String(result.limit),
    "x-ratelimit-remaining": String(Math.max(0, result.remaining)),
    "x-ratelimit-reset": String(result.reset),
  };
}

/** The limiter's problem+json 429 (§1.7). */
export function rateLimitedResponse(result: RateLimitResult, now: number): RouteResponse {
  const secondsUntilReset = Math.max(0, Math.round((result.reset - now) / 100) / 10);
  const detail = `Rate limit exceeded ${Math.max(0, result.remaining)}/${result.limit} requests remaining. Retry in ${secondsUntilReset} seconds.`;
  return {
    status: 429,
    contentType: PROBLEM_CONTENT_TYPE,
    headers: rateLimitHeaders(result),
    body: {
      title: "Rate Limit Exceeded",
      status: 429,
      type: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/429",
      detail,
      reset: result.reset,
      limit: result.limit,
      remaining: result.remaining,
      secondsUntilReset,
      error: detail,
    },
  };
}

/** The limiter's problem+json 401 when no Authorization header is sent (§1.7). */
export function missingAuthResponse(): RouteResponse {
  return {
    status: 401,
    contentType: PROBLEM_CONTENT_TYPE,
    body: {
      title: "Unauthorized",
      status: 401,
      type: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/401",
      detail: "No authorization header provided",
      error: "No authorization header provided",
    },
  };
}
