import type { EnvironmentName } from "./environments.js";
import type { QueueIdentity } from "./desired.js";
import type { RunCounts } from "./promotion.js";

/**
 * Live state read from the API, normalised to the same canonical shapes as the desired state so that
 * comparing them never produces false drift. A collection is `undefined` when it was not read
 * (because the desired state does not manage it).
 */
export interface LiveState {
  project: string;
  environments: LiveEnvironment[];
}

export interface LiveEnvironment {
  name: EnvironmentName;
  /** Keyed by name. */
  envVars?: Record<string, LiveEnvVar>;
  /** Every schedule listed in the environment, imperative and declarative, sorted by id. */
  schedules?: LiveSchedule[];
  /** Every queue listed in the environment, sorted by type then name. */
  queues?: LiveQueue[];
  deployment?: LiveDeployment;
  /** The environment's maximum concurrency when known. */
  maximumConcurrencyLimit?: number;
  /**
   * Set when env vars were read through a preview branch (`TRIGGER_PREVIEW_BRANCH`): the list merges the
   * branch's own variables with those it inherits from the preview environment (api-behaviour.md §2.1).
   * `parentRead` is false when the parent's list could not be read (a preview secret key only reaches the
   * branch, §1.1): which variables are inherited is then unknown.
   */
  envVarBranch?: { name: string; parentRead: boolean };
  /**
   * The deployed code the declared schedules will run on after apply: the declared `deployment.version` when the
   * file declares one, else the current deployment. `null`: no deployment is current and none is declared, so the
   * API lists no schedules at all (api-behaviour.md §3.3). `undefined`: not read (no schedule declared, or a dev
   * environment read with a secret key, whose current worker `/deployments/current` does not report).
   */
  worker?: LiveWorker | null;
}

/** One version's worker, as far as schedules care. */
export interface LiveWorker {
  version: string;
  /** Its tasks sorted by id; null when the environment has no worker with that version. */
  tasks: LiveTask[] | null;
}

export interface LiveTask {
  id: string;
  /** Declared with `schedules.task()` (trigger source `SCHEDULED`): the only tasks a schedule may run. */
  scheduled: boolean;
}

export interface LiveEnvVar {
  name: string;
  isSecret: boolean;
  /**
   * The value: plain values from the list, secret ones from the runtime read when it was made.
   * `undefined` when the value is secret and could not be read (no comparison possible).
   * Secret values must never leave memory: not in a plan, an error or a log.
   */
  value?: string;
  /**
   * Read through a preview branch and inherited from the preview environment: the branch has no value of its
   * own (or one that cannot be told apart from the parent's). Never deleted through the branch.
   */
  inherited?: boolean;
}

export interface LiveSchedule {
  id: string;
  type: "IMPERATIVE" | "DECLARATIVE";
  task: string;
  cron: string;
  timezone: string;
  externalId: string | null;
  active: boolean;
  /** Present only when a user provided one (the server hides generated keys). */
  deduplicationKey: string | null;
}

export interface LiveQueue extends QueueIdentity {
  id: string;
  paused: boolean;
  /** The effective limit; null = unlimited. */
  concurrencyLimit: number | null;
  /** The code-declared limit while an override is active (null otherwise, or when unlimited). */
  base: number | null;
  /** The override while one is active, else null. */
  override: number | null;
  overriddenAt: string | null;
  overriddenBy: string | null;
}

export interface LiveDeploymentRef {
  id: string;
  version: string;
  status: string;
  shortCode?: string;
}

export interface LiveDeployment {
  /** The promoted deployment; null when nothing is promoted (`/deployments/current` 404). */
  current: LiveDeploymentRef | null;
  /**
   * The deployment with the declared version, looked up only when it differs from the current one:
   * null when no such deployment exists in the environment, undefined when not looked up.
   */
  declared?: LiveDeploymentRef | null;
  /**
   * With `follow`: the version current in the followed environment (null when nothing is promoted there), read
   * once per plan and shared with that environment's own plan.
   */
  followed?: { environment: EnvironmentName; version: string | null };
  /** Gate run counts of the candidate, read only when a promotion is needed and the candidate is promotable. */
  gate?: LiveGateCounts;
  /**
   * The tasks of the current and the candidate version (worker lookups), read when a promotion is needed and the
   * candidate is promotable; null for a version whose worker is not found.
   */
  tasks?: { current: LiveTask[] | null; candidate: LiveTask[] | null };
}

/** A task of a deployed version: its id and whether it is a scheduled task (`schedules.task()`). */
export interface LiveTask {
  id: string;
  scheduled: boolean;
}

/** Runs of a candidate version counted for a gate (src/live/gate.ts). */
export interface LiveGateCounts {
  /** The version counted. */
  version: string;
  /** Where the runs were counted. */
  environment: EnvironmentName;
  /** ISO time the window ended. */
  countedAt: string;
  counts: RunCounts;
}
