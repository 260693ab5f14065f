import type { Dispatcher } from "undici";
import type { EnvironmentName } from "../model/environments.js";
import { createRedactor, type Redactor } from "../secrets/redact.js";
import { sanitizeBranchName } from "./branch.js";
import { DEFAULT_API_URL } from "./credentials.js";

/** Credentials the client may use. Never logged, never put in an error. */
export interface TriggerCredentials {
  /** A personal access token (`tr_pat_…`): enough for everything (environment keys are looked up with it). */
  accessToken?: string;
  /** One secret key per environment (`tr_dev_…`, `tr_stg_…`, `tr_prod_…`, `tr_preview_…`). */
  secretKeys?: Partial<Record<EnvironmentName, string>>;
}

/** Retry policy for requests that are safe to repeat (see {@link TriggerClientOptions.retry}). */
export interface RetryOptions {
  /** Attempts in all, the first included. `1` disables retries. @default 5 */
  maxAttempts?: number;
  /** Delay before the first retry. @default 1000 */
  minDelayMs?: number;
  /** Upper bound of the computed backoff delay. @default 30000 */
  maxDelayMs?: number;
  /** Exponential factor between consecutive delays. @default 1.6 */
  factor?: number;
  /**
   * Random extra delay, as a fraction of the computed delay (0 disables), so that many clients that failed
   * together do not retry together. @default 0.2
   */
  jitter?: number;
  /**
   * A server-requested wait (`x-ratelimit-reset`, `Retry-After`) longer than this is not waited for: the
   * error is thrown instead. @default 60000
   */
  maxRetryAfterMs?: number;
}

/** One token bucket, in the terms the real server uses (api-behaviour.md §1.7). */
export interface TokenBucketSettings {
  /** Bucket size (burst). */
  maxTokens: number;
  /** Tokens added every `refillIntervalMs`. */
  refillRate: number;
  refillIntervalMs: number;
}

/**
 * Client-side rate limiting: one bucket per environment (per credential for a PAT), mirroring the server's,
 * so that a large apply stays under the limit instead of running into 429s. These settings hold until the
 * server's first answer; from then on its `x-ratelimit-limit`/`-remaining`/`-reset` headers say how big its bucket
 * is and how much is left, so a self-hosted server with other limits is used fully and never overrun.
 */
export interface RateLimitOptions extends Partial<TokenBucketSettings> {
  /** The separate deployment limiter (deployments, env key lookup, env var import). @default 1500 / 500 per 10 s */
  deployments?: Partial<TokenBucketSettings>;
}

/** Options of {@link createTriggerClient}. Only `projectRef` and `credentials` are required. */
export interface TriggerClientOptions {
  /**
   * The API base URL, as `apiUrl` in the config file (self-hosted: `https://trigger.internal.example.com`).
   * @default "https://api.trigger.dev"
   */
  apiUrl?: string;
  /** Alias of {@link TriggerClientOptions.apiUrl}, kept for existing code; giving both with different values is an error. */
  baseUrl?: string;
  /**
   * The project's external ref (`proj_…`). May be `""` for a client used only for {@link TriggerClient.timezones}
   * (no project needed); project calls then throw a `TypeError`.
   */
  projectRef: string;
  credentials: TriggerCredentials;
  /**
   * The undici dispatcher to send requests with. When omitted the client creates an `Agent` (keep-alive,
   * one pool per origin) and closes it in `close()`; a dispatcher passed in is never closed by the client.
   */
  dispatcher?: Dispatcher;
  /** Retry policy, or `false` to never retry. */
  retry?: RetryOptions | false;
  /** Client-side token buckets, or `false` to disable. @default 750 burst, 250 per 10 s (1,500/min) */
  rateLimit?: RateLimitOptions | false;
  /** Per-attempt timeout (headers and body). @default 30000 */
  timeoutMs?: number;
  /**
   * Maximum requests in flight at once per environment (per rate-limit bucket: each environment has its own, and
   * so does a PAT). Below it the client adapts to the measured latency, keeping about rate × latency in flight
   * (Little's law) so that the rate limit, not the round trips, sets the pace. @default 32
   */
  concurrency?: number;
  /** Receives one line per request attempt and retry. Never receives credentials or values. */
  onDebug?: (line: string) => void;
  /**
   * Called before each retry wait, so a command can say it is retrying instead of going silent (an unreachable
   * API takes several backoff waits to give up). Never receives credentials or values.
   */
  onRetry?: (event: RetryEvent) => void;
  /** @default "trigger-iac" */
  userAgent?: string;
  /**
   * The preview branch whose environment preview requests act on: every request for the `preview` environment
   * carries `x-trigger-branch: <branch>` (a leading `refs/heads/` is stripped; other `refs/…` values are refused),
   * requests for other environments never do. The real server refuses a preview secret key without it
   * (api-behaviour.md §1.1), so without a branch such preview requests are refused before sending; env var
   * requests made with a PAT then act on the parent preview environment (§1.2).
   * @example "feature-x"
   */
  previewBranch?: string;
  /**
   * Where the client registers every credential the moment it knows it (the token, the secret keys, each key
   * it looks up with the token, the value of each secret env var it writes), and what it scrubs error
   * messages and bodies with. Pass the redactor your own output goes through to share them.
   * @default a redactor of the client's own
   */
  redactor?: Redactor;
  /**
   * A response body larger than this fails with a "response too large" error instead of being read into memory
   * (no endpoint the client uses answers anywhere near it). @default 16 MiB
   */
  maxResponseBytes?: number;
}

/** A retry about to happen (see {@link TriggerClientOptions.onRetry}). */
export interface RetryEvent {
  method: string;
  /** Path and query, no origin, no credential. */
  path: string;
  environment?: EnvironmentName;
  /** Why the last attempt failed, e.g. `connect ECONNREFUSED 127.0.0.1:1` or `HTTP 503`. */
  reason: string;
  /** The attempt about to be made (2 for the first retry) and the most there will be. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
}

/** Every option with its default applied; produced once by {@link resolveClientOptions}. */
export interface ResolvedClientOptions {
  baseUrl: URL;
  projectRef: string;
  credentials: TriggerCredentials;
  dispatcher?: Dispatcher;
  retry: Required<RetryOptions>;
  rateLimit: { general: TokenBucketSettings; deployments: TokenBucketSettings } | false;
  timeoutMs: number;
  concurrency: number;
  onDebug?: (line: string) => void;
  onRetry?: (event: RetryEvent) => void;
  userAgent: string;
  /** Already sanitised (see {@link sanitizeBranchName}). */
  previewBranch?: string;
  /** Holds the credentials already; see {@link TriggerClientOptions.redactor}. */
  redactor: Redactor;
  maxResponseBytes: number;
}

/** Defaults, in one place. The retry numbers mirror the Trigger.dev SDK (api-behaviour.md §1.6). */
export const CLIENT_DEFAULTS = {
  baseUrl: DEFAULT_API_URL,
  retry: { maxAttempts: 5, minDelayMs: 1000, maxDelayMs: 30_000, factor: 1.6, jitter: 0.2, maxRetryAfterMs: 60_000 },
  rateLimit: {
    general: { maxTokens: 750, refillRate: 250, refillIntervalMs: 10_000 },
    deployments: { maxTokens: 1500, refillRate: 500, refillIntervalMs: 10_000 },
  },
  timeoutMs: 30_000,
  concurrency: 32,
  userAgent: "trigger-iac",
  maxResponseBytes: 16 * 1024 * 1024,
} as const;

/**
 * Every option {@link createTriggerClient} accepts: anything else is a mistake (a misspelling such as `apiURL`
 * would otherwise be ignored silently and the client would talk to Trigger.dev cloud).
 */
const KNOWN_OPTIONS: ReadonlySet<string> = new Set(
  // A record over every key of the options type: adding an option without listing it here fails to compile.
  Object.keys({
    apiUrl: true,
    baseUrl: true,
    projectRef: true,
    credentials: true,
    dispatcher: true,
    retry: true,
    rateLimit: true,
    timeoutMs: true,
    concurrency: true,
    onDebug: true,
    onRetry: true,
    userAgent: true,
    previewBranch: true,
    redactor: true,
    maxResponseBytes: true,
  } satisfies Record<keyof TriggerClientOptions, true>),
);

/** Applies defaults and checks the options; throws a `TypeError` naming the bad option. */
export function resolveClientOptions(options: TriggerClientOptions): ResolvedClientOptions {
  if (typeof options !== "object" || options === null) throw new TypeError("createTriggerClient: options must be an object");
  const unknown = Object.keys(options).filter((key) => !KNOWN_OPTIONS.has(key));
  if (unknown.length > 0) {
    const near = unknown.map((key) => [...KNOWN_OPTIONS].find((known) => known.toLowerCase() === key.toLowerCase()));
    const hint = near.some(Boolean) ? ` (did you mean ${near.filter(Boolean).join(", ")}?)` : "";
    throw new TypeError(`createTriggerClient: unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}${hint}; known: ${[...KNOWN_OPTIONS].join(", ")}`);
  }
  if (typeof options.projectRef !== "string") throw new TypeError("createTriggerClient: projectRef is required");
  if (options.apiUrl !== undefined && options.baseUrl !== undefined && options.apiUrl !== options.baseUrl) {
    throw new TypeError("createTriggerClient: apiUrl and baseUrl (its alias) disagree; give only apiUrl");
  }
  const given = options.apiUrl ?? options.baseUrl;
  const name = options.apiUrl !== undefined ? "apiUrl" : "baseUrl";
  let baseUrl: URL;
  try {
    baseUrl = new URL(given ?? CLIENT_DEFAULTS.baseUrl);
  } catch {
    throw new TypeError(`createTriggerClient: ${name} is not a valid URL: ${String(given)}`);
  }
  if (baseUrl.protocol !== "http:" && baseUrl.protocol !== "https:") {
    throw new TypeError(`createTriggerClient: ${name} must be http(s): ${baseUrl.origin}`);
  }
  const retry =
    options.retry === false
      ? { ...CLIENT_DEFAULTS.retry, maxAttempts: 1 }
      : { ...CLIENT_DEFAULTS.retry, ...dropUndefined(options.retry ?? {}) };
  checkPositive("retry.maxAttempts", retry.maxAttempts, true);
  checkNonNegative("retry.minDelayMs", retry.minDelayMs);
  checkNonNegative("retry.maxDelayMs", retry.maxDelayMs);
  checkNonNegative("retry.jitter", retry.jitter);
  checkPositive("retry.factor", retry.factor, false);

  let rateLimit: ResolvedClientOptions["rateLimit"] = false;
  if (options.rateLimit !== false) {
    const { deployments, ...general } = options.rateLimit ?? {};
    rateLimit = {
      general: { ...CLIENT_DEFAULTS.rateLimit.general, ...dropUndefined(general) },
      deployments: { ...CLIENT_DEFAULTS.rateLimit.deployments, ...dropUndefined(deployments ?? {}) },
    };
    for (const [name, bucket] of Object.entries(rateLimit)) {
      checkPositive(`rateLimit.${name}.maxTokens`, bucket.maxTokens, true);
      checkPositive(`rateLimit.${name}.refillRate`, bucket.refillRate, true);
      checkPositive(`rateLimit.${name}.refillIntervalMs`, bucket.refillIntervalMs, false);
    }
  }
  const timeoutMs = options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs;
  checkPositive("timeoutMs", timeoutMs, false);
  const concurrency = options.concurrency ?? CLIENT_DEFAULTS.concurrency;
  checkPositive("concurrency", concurrency, true);
  const maxResponseBytes = options.maxResponseBytes ?? CLIENT_DEFAULTS.maxResponseBytes;
  checkPositive("maxResponseBytes", maxResponseBytes, true);
  let previewBranch: string | undefined;
  if (options.previewBranch !== undefined) {
    try {
      previewBranch = sanitizeBranchName(options.previewBranch);
    } catch (error) {
      throw new TypeError(`createTriggerClient: previewBranch: ${(error as Error).message}`);
    }
  }

  return {
    baseUrl,
    projectRef: options.projectRef,
    credentials: options.credentials ?? {},
    dispatcher: options.dispatcher,
    retry,
    rateLimit,
    timeoutMs,
    concurrency,
    onDebug: options.onDebug,
    onRetry: options.onRetry,
    userAgent: options.userAgent ?? CLIENT_DEFAULTS.userAgent,
    ...(previewBranch === undefined ? {} : { previewBranch }),
    redactor: registerCredentials(options.redactor ?? createRedactor(), options.credentials ?? {}),
    maxResponseBytes,
  };
}

function registerCredentials(redactor: Redactor, credentials: TriggerCredentials): Redactor {
  redactor.add(credentials.accessToken);
  for (const key of Object.values(credentials.secretKeys ?? {})) redactor.add(key);
  return redactor;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkPositive(name: string, value: number, integer: boolean): void {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new TypeError(`createTriggerClient: ${name} must be a positive ${integer ? "integer" : "number"}`);
  }
}

function checkNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`createTriggerClient: ${name} must be >= 0`);
}
