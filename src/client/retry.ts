import type { RetryOptions } from "./options.js";

/** Response headers as undici gives them. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** Statuses worth another attempt, as the Trigger.dev SDK retries them (api-behaviour.md §1.6). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The server's `x-should-retry` header: `true` forces a retry (the server vouches the request had no
 * effect), `false` forbids one (e.g. the 404 of `/deployments/current`), absent leaves it to the status.
 */
export function shouldRetryHeader(headers: ResponseHeaders): boolean | undefined {
  const value = header(headers, "x-should-retry")?.trim().toLowerCase();
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/**
 * How long the server asked us to wait, in ms, or undefined when it did not say.
 * - `Retry-After`: seconds or an HTTP date (the real server does not send it; proxies may).
 * - `x-ratelimit-reset`: epoch **milliseconds** of the next refill; only meaningful on a 429, since the
 *   server sends it on every rate-limited response (§1.7).
 */
export function serverRequestedDelay(status: number, headers: ResponseHeaders, now: number): number | undefined {
  const retryAfter = header(headers, "retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.max(0, Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (status === 429) {
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset - now);
  }
  return undefined;
}

/** The epoch ms a 429 says the bucket refills at, if it says. */
export function rateLimitResetAt(headers: ResponseHeaders): number | undefined {
  const reset = Number(header(headers, "x-ratelimit-reset"));
  return Number.isFinite(reset) && reset > 0 ? reset : undefined;
}

/**
 * Exponential backoff before attempt `attempt + 1` (`attempt` = attempts made so far, from 1):
 * `min(maxDelay, minDelay × factor^(attempt-1))`, plus up to `jitter` × that at random.
 */
export function backoffDelay(attempt: number, retry: Required<RetryOptions>, random: () => number = Math.random): number {
  const base = Math.min(retry.maxDelayMs, retry.minDelayMs * retry.factor ** (attempt - 1));
  return Math.min(retry.maxDelayMs, Math.round(base + base * retry.jitter * random()));
}

/** Delay for waiting on the server's word: its number plus a little jitter so clients do not stampede. */
export function withJitter(delayMs: number, retry: Required<RetryOptions>, random: () => number = Math.random): number {
  return Math.round(delayMs + retry.minDelayMs * retry.jitter * random());
}

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
