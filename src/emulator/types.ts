import type { QueueIdentity } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";

/**
 * Public types of the emulator (exported from `trigger-iac/testing`). The emulator is a local Trigger.dev
 * API on 127.0.0.1 that behaves like the real server (shared/reference/api-behaviour.md), for the demo,
 * the test suite, users' own tests and offline pull-request checks.
 */

/** Options for {@link startEmulator}. Every option has a working default. */
export interface EmulatorOptions {
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** A seed object, or the path of a JSON or YAML seed file. @default a single demo project, see {@link DEFAULT_SEED} */
  seed?: EmulatorSeed | string;
  /** Persist state to this JSON file after every change, and load it on start when it exists. */
  statePath?: string;
  /** Added latency per request: a fixed number of ms or a range, drawn from the seeded generator. @default 0 */
  latency?: number | { minMs: number; maxMs: number };
  /** Fault injection, as objects or as a spec string such as `"429:0.1,500:0.05,reset:0.02,timeout:0.01"`. */
  faults?: FaultRule[] | string;
  /** Seed of the pseudo-random generator behind latency and faults, so runs are reproducible. @default 1 */
  randomSeed?: number;
  /**
   * The real server's token buckets (general 750 tokens, 250 per 10 s; deployments 1500, 500 per 10 s),
   * or false to disable. @default true
   */
  rateLimit?: boolean | RateLimitSettings;
  /**
   * How an env var route answers a secret key whose environment differs from the `{env}` slug:
   * `"current"` acts on the key's environment with a 200, like the server since 2026-06-26 (api-behaviour.md §1.3);
   * `"strict"` answers the older 400. @default "current"
   */
  envSlugMode?: "current" | "strict";
}

export interface RateLimitSettings {
  maxTokens: number;
  refillRate: number;
  refillIntervalMs: number;
}

/**
 * One fault rule: with `probability`, answer a matching request with the fault instead of handling it; `lost`
 * handles the request (its write takes effect) and then resets the connection instead of answering, as a proxy
 * timeout or a connection dropped after the commit does.
 */
export interface FaultRule {
  kind: "429" | "500" | "502" | "503" | "reset" | "timeout" | "lost";
  probability: number;
  /** Only requests whose method matches (e.g. "GET"). @default every method */
  method?: string;
  /** Only requests whose path starts with this. @default every path */
  pathPrefix?: string;
  /** Inject at most this many times in all. @default unlimited */
  times?: number;
  /**
   * For a `429`: how far ahead its `x-ratelimit-reset` points, in ms. @default 10000 (the real server's
   * refill interval, api-behaviour.md §1.7)
   */
  resetMs?: number;
}

/** One request as the emulator saw it; tests count these to assert the fewest requests. */
export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path without the query string, as sent (still URL-encoded). */
  path: string;
  query: Record<string, string>;
  status: number;
  /** The environment the credential resolved to, when it was an environment secret key. */
  environment?: EnvironmentName;
  projectRef?: string;
  auth: "secretKey" | "pat" | "none" | "invalid";
  /** The `x-trigger-branch` header as sent, when one was sent. */
  branch?: string;
  /** Set when the response was an injected fault. */
  fault?: FaultRule["kind"];
  /** Latency added to this request (drawn from the seeded generator), when latency is configured. */
  latencyMs?: number;
}

/** The running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Credentials of the first seeded project: its PAT and one secret key per environment. */
  readonly credentials: { projectRef: string; accessToken: string; secretKeys: Record<EnvironmentName, string> };
  /** Every request so far, in order. */
  readonly requests: readonly RequestLogEntry[];
  /** Forget the request log (e.g. between the set-up and the part of a test that counts requests). */
  clearRequests(): void;
  /** Direct access to the state, to make drift "by hand in the dashboard" or to assert outcomes. */
  readonly admin: EmulatorAdmin;
  close(): Promise<void>;
}

/**
 * Out-of-band state changes, as the dashboard or a `trigger deploy` would make them. Every method acts on the
 * first seeded project unless `projectRef` is given.
 */
export interface EmulatorAdmin {
  snapshot(): EmulatorSeed;
  /** With `branch` (preview), sets the branch's own value, as a request with `x-trigger-branch` does. */
  setEnvVar(env: EnvironmentName, name: string, value: string, opts?: { secret?: boolean; projectRef?: string; branch?: string }): void;
  deleteEnvVar(env: EnvironmentName, name: string, opts?: { projectRef?: string; branch?: string }): void;
  /** Returns the stored schedule as the API would list it. */
  upsertSchedule(env: EnvironmentName, schedule: SeedSchedule, opts?: { projectRef?: string }): { id: string };
  deleteSchedule(id: string, opts?: { projectRef?: string }): void;
  /** Sets a queue override as the dashboard does (overriddenBy a user name). */
  overrideQueue(env: EnvironmentName, queue: QueueIdentity, limit: number, opts?: { by?: string; projectRef?: string }): void;
  pauseQueue(env: EnvironmentName, queue: QueueIdentity, paused: boolean, opts?: { projectRef?: string }): void;
  /** Adds a deployment (default status DEPLOYED) with its tasks and queues, like `trigger deploy --skip-promotion`. */
  addDeployment(env: EnvironmentName, deployment: SeedDeployment, opts?: { projectRef?: string }): void;
  /** Promotes directly (no checks), like the dashboard. */
  promote(env: EnvironmentName, version: string, opts?: { projectRef?: string }): void;
  /**
   * Adds runs as the run engine would (no request log entry): explicit runs (createdAt default now), or
   * generated outcomes. Returns the new run ids. Tests use it to make a verify window see failures.
   */
  addRuns(env: EnvironmentName, runs: SeedRun[] | SeedRunOutcomes, opts?: { projectRef?: string }): string[];
}

/** Seed file format (JSON or YAML). */
export interface EmulatorSeed {
  /** Personal access tokens and the projects each may reach (default: all). */
  personalAccessTokens?: { token: string; projects?: string[] }[];
  projects: SeedProject[];
}

export interface SeedProject {
  ref: string;
  name?: string;
  /** Schedule limit of the plan (non-dev active schedules). @default 100000000 */
  scheduleLimit?: number;
  environments: Partial<Record<EnvironmentName, SeedEnvironment>>;
}

export interface SeedEnvironment {
  /** Root secret key; must start with the environment's prefix (tr_dev_, tr_stg_, tr_prod_, tr_preview_). */
  apiKey: string;
  /**
   * Scoped "additional" keys (`tr_prod_sk_<24 alphanumerics>`), each with scopes such as `read:envvars`,
   * `write:queues` or `admin` (api-behaviour.md §1.1). @default none
   */
  additionalKeys?: { key: string; scopes: string[] }[];
  /**
   * Preview only: the branches of the preview environment (api-behaviour.md §1.1, §1.2). A preview secret key is
   * accepted only with an `x-trigger-branch` header naming one of them (401 otherwise, as on the real server).
   * A branch is a child environment for env vars: its own values (see `branchEnvVars`), the preview
   * environment's inherited in lists; its other collections are the preview environment's.
   * @default none (every preview secret key request is then refused)
   * @example ["feature-x"]
   */
  branches?: string[];
  /**
   * Preview only: each branch's own env var values (it inherits `envVars`), keyed by a name from `branches`.
   * @default none
   * @example { "feature-x": { LOG_LEVEL: "debug" } }
   */
  branchEnvVars?: Record<string, Record<string, string | { value: string; secret?: boolean }>>;
  /** @default 100 */
  maximumConcurrencyLimit?: number;
  /**
   * Dev only: the name of the org member who owns the dev environment (their display name, else their name).
   * Schedules report it as `environments[].userName` for the dev instance, as the server's `getUsername` does.
   * @default none (userName is then omitted, as for a user with neither name set)
   * @example "Ada Lovelace"
   */
  ownerName?: string;
  envVars?: Record<string, string | { value: string; secret?: boolean }>;
  /** Deployments, oldest first. Each one's tasks and queues define what exists in the environment. */
  deployments?: SeedDeployment[];
  /** Version of the promoted deployment, if any. The dev environment's current worker is its latest deployment. */
  current?: string;
  schedules?: SeedSchedule[];
  /** Queue state beyond what deployments declare: overrides and pauses. */
  queues?: SeedQueue[];
  runs?: SeedRun[];
  /** Generated runs: per version (and task), a count and a failure rate. Added after `runs`. */
  runOutcomes?: SeedRunOutcomes[];
}

export interface SeedDeployment {
  version: string;
  /** @default "DEPLOYED" */
  status?: "PENDING" | "BUILDING" | "DEPLOYING" | "DEPLOYED" | "FAILED" | "CANCELED" | "TIMED_OUT";
  /** @default now */
  createdAt?: string;
  tasks?: SeedTask[];
  /** Custom queues declared with queue() in code. */
  queues?: { name: string; concurrencyLimit?: number | null }[];
  git?: Record<string, string> | null;
  /**
   * Whether the deployment has a background worker (promotion needs one, api-behaviour.md §5.5 step 2).
   * @default true for DEPLOYED and DEPLOYING, false otherwise
   */
  worker?: boolean;
}

export interface SeedTask {
  id: string;
  /** Declares the task as a scheduled task; with `cron`, a declarative schedule is created on deploy. */
  scheduled?: boolean;
  cron?: string;
  timezone?: string;
  /** The task's default queue limit declared in code. null = unlimited. */
  concurrencyLimit?: number | null;
  filePath?: string;
}

export interface SeedSchedule {
  id?: string;
  type?: "IMPERATIVE" | "DECLARATIVE";
  task: string;
  cron: string;
  timezone?: string;
  externalId?: string | null;
  deduplicationKey?: string;
  active?: boolean;
  createdAt?: string;
}

export interface SeedQueue extends QueueIdentity {
  paused?: boolean;
  override?: number;
  overriddenBy?: string | null;
  overriddenAt?: string;
}

export interface SeedRun {
  id?: string;
  task: string;
  status: string;
  version?: string;
  createdAt?: string;
  isTest?: boolean;
  tags?: string[];
}

/**
 * Finished runs of one version with a failure rate, generated deterministically (src/emulator/runs.ts).
 * @example { version: "20261120.3", task: "send-email", count: 143, failureRate: 0.014, within: "24h" }
 */
export interface SeedRunOutcomes {
  version: string;
  /** @default each task of that version's deployment in turn */
  task?: string;
  /** How many finished runs (0..100000). */
  count: number;
  /** Share of them that fail, 0..1 (round(count × rate) runs). @default 0 */
  failureRate?: number;
  /** @default "FAILED" */
  failureStatus?: "FAILED" | "CRASHED" | "SYSTEM_FAILURE" | "TIMED_OUT";
  /** Created evenly over this period before now. @default "1h" in a seed; in `admin.addRuns`, all created now */
  within?: string;
}
