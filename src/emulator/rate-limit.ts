import type { RateLimitSettings } from "./types.js";
import type { RouteResponse } from "./http.js";
import { PROBLEM_CONTENT_TYPE } from "./http.js";

/** The real server's general API limiter defaults (api-behaviour.md §1.7). */
export const GENERAL_LIMIT: RateLimitSettings = { maxTokens: 750, refillRate: 250, refillIntervalMs: 10_000 };
/** The separate deployment limiter (§1.7). */
export const DEPLOYMENT_LIMIT: RateLimitSettings = { maxTokens: 1500, refillRate: 500, refillIntervalMs: 10_000 };

/**
 * The deployment limiter's paths, as `apps/webapp/app/services/deploymentApiPaths.server.ts` lists them: the
 * regexes are anchored at the end, so `/api/v1/projects/{ref}/{env}/workers/{tag}` (not ending in the
 * environment) stays on the general limiter; strings match the whole path.
 */
const DEPLOYMENT_PATHS: readonly (RegExp | string)[] = [
  /^\/api\/v\d+\/deployments(?!\/current$)(\/|$)/,
  /^\/api\/v1\/projects\/[^/]+\/(dev|staging|prod|preview)$/,
  /^\/api\/v1\/projects\/[^/]+\/(dev|staging|prod|preview)\/deploy-settings$/,
  /^\/api\/v1\/projects\/[^/]+\/envvars$/,
  /^\/api\/v1\/projects\/[^/]+\/envvars\/[^/]+\/import$/,
  /^\/api\/v1\/projects\/[^/]+\/branches$/,
  /^\/api\/v1\/projects\/[^/]+\/branches\/archive$/,
  "/api/v1/remote-build-provider-status",
  "/api/v1/artifacts",
];

/** Which limiter a path falls under, or "exempt" (§1.7). */
export function limiterFor(path: string): "general" | "deployment" | "exempt" {
  if (!path.startsWith("/api/")) return "exempt";
  if (path === "/api/v1/timezones") return "exempt";
  if (/^\/api\/v\d+\/deployments\/current\/?$/.test(path)) return "exempt";
  if (DEPLOYMENT_PATHS.some((m) => (typeof m === "string" ? path === m : m.test(path)))) return "deployment";
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

/**
 * The middleware's own bodies (`authorizationRateLimitMiddleware.server.ts`): `JSON.stringify(…, null, 2)` sent
 * with Express `res.send`, which appends `; charset=utf-8` to the problem+json content type.
 */
function problemResponse(status: number, body: Record<string, unknown>, headers?: Record<string, string>): RouteResponse {
  return { status, contentType: PROBLEM_CONTENT_TYPE, body: JSON.stringify(body, null, 2), ...(headers ? { headers } : {}) };
}

/** The limiter's problem+json 429 (§1.7); `secondsUntilReset` is the raw `(reset - now) / 1000`, not rounded. */
export function rateLimitedResponse(result: RateLimitResult, now: number): RouteResponse {
  const secondsUntilReset = Math.max(0, (result.reset - now) / 1000);
  const detail = `Rate limit exceeded ${Math.max(0, result.remaining)}/${result.limit} requests remaining. Retry in ${secondsUntilReset} seconds.`;
  return problemResponse(
    429,
    {
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
    rateLimitHeaders(result),
  );
}

/** The limiter's problem+json 401 when no Authorization header is sent (§1.7). */
export function missingAuthResponse(): RouteResponse {
  return problemResponse(401, {
    title: "Unauthorized",
    status: 401,
    type: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/401",
    detail: "No authorization header provided",
    error: "No authorization header provided",
  });
}
