/**
 * The shape of a trigger-iac configuration file, as written (YAML or `trigger-iac.config.ts`).
 * `schemas/trigger-iac.schema.json` describes the same shape; test/config-schema-types.test.ts fails when
 * the two drift apart. Loading turns this into the canonical {@link DesiredState} (src/model/desired.ts).
 */

/** The whole file. */
export interface TriggerIacConfig {
  /** File format version: always `1`. */
  version: 1;
  /** Project ref, `proj_…` (dashboard: Project settings). */
  project: string;
  /**
   * API base URL for self-hosted Trigger.dev. `TRIGGER_API_URL` / `--api-url` override it.
   * @default "https://api.trigger.dev"
   */
  apiUrl?: string;
  /** Settings per environment. An environment that is not listed is not managed. */
  environments?: EnvironmentsConfig;
}

/** The four environments a project has. */
export interface EnvironmentsConfig {
  dev?: EnvironmentConfig;
  staging?: EnvironmentConfig;
  prod?: EnvironmentConfig;
  preview?: EnvironmentConfig;
}

/** One environment. Omitting a section means "not managed": nothing in it is read or changed. */
export interface EnvironmentConfig {
  /**
   * Deletion of remote objects that are not declared, per collection: on by default for the schedules this tool
   * owns, opt-in for env vars and queues (they carry no ownership mark).
   */
  prune?: PruneConfig;
  /**
   * The environment's maximum concurrency (as shown in the dashboard). When set, queue limits above it are
   * refused by `validate` instead of by the server at apply time (api-behaviour.md §4.7).
   */
  maximumConcurrencyLimit?: number;
  /** The deployment version that should be current (promoted) in this environment. */
  deployment?: DeploymentConfig;
  /** Environment variables by name. */
  envVars?: Record<string, EnvVarConfig>;
  /** Queue concurrency overrides and pause state. */
  queues?: QueuesConfig;
  /** Imperative schedules by key (the key is part of the identity and of the default deduplicationKey). */
  schedules?: Record<string, ScheduleConfig>;
}

/** Per-collection prune switches. */
export interface PruneConfig {
  /** Delete variables present remotely but not declared. @default false */
  envVars?: boolean;
  /**
   * Delete schedules this tool created (deduplicationKey `iac:<env>:…`) that are no longer declared; `false`
   * keeps them, shown as drift (`plan --detailed-exitcode` exits 2). Hand-made and declarative schedules are
   * never changed. @default true
   */
  schedules?: boolean;
  /** Reset overrides on queues that are not declared. @default false */
  queues?: boolean;
}

/** The version to promote: pinned (`version`) or taken from another environment (`follow`), exactly one of them. */
export interface DeploymentConfig {
  /** Deployment version, e.g. `"20261120.3"` (quote it in YAML: unquoted it is a number). Exclusive with `follow`. */
  version?: string;
  /**
   * Promote whatever version is current in this other environment (read in the same plan). Exclusive with
   * `version`. A chain (`prod` follows `staging` follows `dev`) resolves in one plan; a cycle is an error.
   */
  follow?: "dev" | "staging" | "prod" | "preview";
  /** Evidence required before the promotion is planned; a failed gate is a plan error (exit 1). */
  gate?: GateConfig;
  /** Apply only: watch the new version's runs after promoting, and roll back on a breach when asked. */
  verify?: VerifyConfig;
}

/** Finished runs of the candidate version required before promoting it. */
export interface GateConfig {
  /** At least this many finished runs (successes and failures; CANCELED and EXPIRED do not count). */
  minRuns: number;
  /** Highest accepted share of failures (FAILED, CRASHED, SYSTEM_FAILURE, TIMED_OUT), from 0 to 1. */
  maxFailureRate: number;
  /** Runs created within this period before the plan count, e.g. `24h` (units s, m, h, d). */
  window: string;
  /** Only these tasks' runs count. @default all tasks */
  tasks?: string[];
  /** With a pinned `version`: the environment whose runs are counted. With `follow` it is the followed one. */
  from?: "dev" | "staging" | "prod" | "preview";
}

/** What `apply` watches after promoting. */
export interface VerifyConfig {
  /** How long to watch, e.g. `10m` (units s, m, h, d). */
  for: string;
  /** At least this many finished runs of the new version by the end of the period. */
  minRuns: number;
  /** Highest accepted share of failures, from 0 to 1. */
  maxFailureRate: number;
  /** Only these tasks' runs count. @default all tasks */
  tasks?: string[];
  /** On a breach, promote the previous version again (`allowRollbacks=true`). @default false */
  rollback?: boolean;
}

/** A literal value (not secret), or one of the object forms. */
export type EnvVarConfig = string | EnvVarValueConfig | EnvVarFromEnvConfig | EnvVarExistsConfig;

/** A literal value. */
export interface EnvVarValueConfig {
  /** The value to write. */
  value: string;
  /** Mark the variable secret (its value reads back redacted). @default false */
  secret?: boolean;
}

/** A value read from the process environment when the command runs. */
export interface EnvVarFromEnvConfig {
  /** Name of the process environment variable holding the value; missing or empty is an error. */
  fromEnv: string;
  /** Mark the variable secret. @default false */
  secret?: boolean;
}

/** The variable must exist remotely; its value is managed elsewhere, never written or pruned. */
export interface EnvVarExistsConfig {
  /** Always `true`. */
  exists: true;
  /** Expected secret flag. @default false */
  secret?: boolean;
}

/** Queues by kind. */
export interface QueuesConfig {
  /** A task's default queue, by task id. */
  tasks?: Record<string, QueueConfig>;
  /** Queues declared with `queue()` in code, by name. */
  custom?: Record<string, QueueConfig>;
}

/** Settings of one queue. A field that is omitted is not managed. */
export interface QueueConfig {
  /** Concurrency override, an integer from 0 to 100000; `null` removes the override. */
  concurrencyLimit?: number | null;
  /** Pause (true) or resume (false) the queue. */
  paused?: boolean;
}

/** An imperative (API-created) schedule. */
export interface ScheduleConfig {
  /** Id of the scheduled task to run. */
  task: string;
  /** Cron expression with exactly five space-separated fields, e.g. `"0 3 * * *"`. */
  cron: string;
  /** IANA timezone. @default "UTC" */
  timezone?: string;
  /** Free-form id passed to the run (e.g. a customer id); `null` for none. @default null */
  externalId?: string | null;
  /** Whether the schedule fires. @default true */
  active?: boolean;
  /** Dedup key; unique per project. @default "iac:<env>:<key>" */
  deduplicationKey?: string;
}
