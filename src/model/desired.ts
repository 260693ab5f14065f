import type { EnvironmentName } from "./environments.js";
import type { DesiredGate, DesiredVerify } from "./promotion.js";
import type { SourceRef } from "./source.js";

/**
 * The desired state after loading and validation: canonical, defaults filled, values resolved.
 * A collection that is `undefined` is not managed: nothing in it is read or changed.
 */
export interface DesiredState {
  project: string;
  /** Where `project:` is written, for errors that say to check it (a 404 "Project not found"). */
  projectSource?: SourceRef;
  /** Base URL from the file; `TRIGGER_API_URL` / `--api-url` override it. */
  apiUrl?: string;
  /** Declared environments, in {@link ENVIRONMENT_NAMES} order. */
  environments: DesiredEnvironment[];
}

/**
 * Per-collection deletion of remote objects that are not declared. `schedules` (default true) applies only to
 * schedules this tool owns (dedup key `iac:<env>:…`); `envVars` and `queues` are opt-in (default false).
 */
export interface PruneSettings {
  envVars: boolean;
  schedules: boolean;
  queues: boolean;
}

export interface DesiredEnvironment {
  name: EnvironmentName;
  prune: PruneSettings;
  /**
   * The environment's maximum concurrency, when the user declares it: queue limits above it are
   * refused at plan time instead of by the server's 400 at apply time.
   */
  maximumConcurrencyLimit?: number;
  deployment?: DesiredDeployment;
  /** Keyed by variable name. */
  envVars?: Record<string, DesiredEnvVar>;
  /** Keyed by schedule key (the YAML map key). */
  schedules?: Record<string, DesiredSchedule>;
  queues?: DesiredQueue[];
  source?: SourceRef;
}

/** The promoted deployment: exactly one of `version` (pinned) and `follow` (another environment's current version). */
export interface DesiredDeployment {
  version?: string;
  /** Promote the version current in this environment (read in the same plan). */
  follow?: EnvironmentName;
  /** Evidence required before promoting (see src/model/promotion.ts). */
  gate?: DesiredGate;
  /** Apply only: watch the new version after promoting. */
  verify?: DesiredVerify;
  source?: SourceRef;
}

/** An environment variable whose value this tool writes. `value` may be secret: never print it. */
export interface DesiredEnvVarValue {
  name: string;
  secret: boolean;
  value: string;
  /** Set when the value came from the process environment (`fromEnv`). */
  fromEnv?: string;
  /**
   * True when the value is written verbatim in the config file (a YAML string, a TypeScript string literal):
   * it is in git already, so a plan shows it (product.md, Values). Values built in code or read with
   * `fromEnv` are not, and stay masked unless `--show-values`.
   */
  literal?: boolean;
  source?: SourceRef;
}

/** `{ exists: true }`: must exist remotely; its value is managed elsewhere, never written or pruned. */
export interface DesiredEnvVarPresence {
  name: string;
  secret: boolean;
  exists: true;
  source?: SourceRef;
}

export type DesiredEnvVar = DesiredEnvVarValue | DesiredEnvVarPresence;

/** True for a `{ exists: true }` variable. */
export function isPresenceOnly(v: DesiredEnvVar): v is DesiredEnvVarPresence {
  return "exists" in v;
}

export interface DesiredSchedule {
  key: string;
  task: string;
  /** Exactly five space-separated fields. */
  cron: string;
  /** IANA name; default `UTC`. Always sent: the server resets an omitted timezone. */
  timezone: string;
  /** Always sent: the server clears an omitted externalId. */
  externalId: string | null;
  /** Default true. */
  active: boolean;
  /** Default `iac:<env>:<key>`: unique per project on the server, and the mark of a managed schedule. */
  deduplicationKey: string;
  source?: SourceRef;
}

/** A queue's type: the queue of one task (named by the task id), or a custom queue shared by tasks. */
export type QueueType = "task" | "custom";

/** How a queue is identified everywhere (config, live state, plan, API calls): its type and name. */
export interface QueueIdentity {
  type: QueueType;
  /** Task id for `task` queues, queue name for `custom` ones. */
  name: string;
}

export interface DesiredQueue extends QueueIdentity {
  /** undefined: not managed; null: no override (reset); a number: override to it. */
  concurrencyLimit?: number | null;
  /** undefined: not managed. */
  paused?: boolean;
  source?: SourceRef;
}

/**
 * An externalId as the server keeps it: it stores one only when it is truthy, so `""` and an omitted one both
 * mean "none", which is null here (api-behaviour.md §3.2 step 4).
 */
export function externalIdOrNull(externalId: string | null | undefined): string | null {
  return externalId === undefined || externalId === "" ? null : externalId;
}

/** The prefix that marks a schedule's deduplicationKey as managed by this tool. */
export const MANAGED_DEDUP_PREFIX = "iac:";

/** The default deduplicationKey for a schedule declared under `env` with key `key`. */
export function defaultDeduplicationKey(env: EnvironmentName, key: string): string {
  return `${MANAGED_DEDUP_PREFIX}${env}:${key}`;
}
