import type { EnvironmentName } from "./environments.js";
import type { PromotionEvidence } from "./promotion.js";
import type { SourceRef } from "./source.js";

/** The four managed kinds. */
export type ResourceKind = "schedule" | "envVar" | "queue" | "deployment";

/**
 * What a plan does to one address. `unmanaged`: a remote object that is not declared and not pruned,
 * listed for information and never changed.
 */
export type ChangeAction = "create" | "update" | "replace" | "delete" | "noop" | "unmanaged";

/**
 * One field that differs. For env var values `before`/`after` are never a secret value: secret values are
 * never put in a plan. A plain value written literally in the config is in `after` (it is in git already);
 * live values and values from `fromEnv` only with `--show-values`. A hidden side is `null`, and `masked`
 * says which side is hidden.
 */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** True when the field holds a secret value (shown as `(sensitive value changed)`). */
  sensitive: boolean;
  /**
   * `true` when both values are hidden (shown as `(value changed)` or `(sensitive value changed)`);
   * `"before"` when only the live value is hidden and `after` holds the value written in the config
   * (shown as `(live value hidden) -> "debug"`).
   */
  masked?: boolean | "before";
}

/** Something a reviewer must see about a change, beyond its fields. */
export interface ChangeNote {
  level: "info" | "warning";
  /** e.g. `secret-flag-lost`, `value-not-comparable`, `override-not-in-git`, `rollback`, `read-only`. */
  code: string;
  message: string;
}

export interface Change {
  /** Stable: `prod.schedules.nightly-cleanup`, `prod.envVars.LOG_LEVEL`, `prod.queues.tasks.send-email`, `prod.deployment`. */
  address: string;
  kind: ResourceKind;
  environment: EnvironmentName;
  action: ChangeAction;
  fields: FieldChange[];
  notes?: ChangeNote[];
  /** The server-side id the operation acts on (schedule `sched_…`, queue `queue_…`), when there is one. */
  remoteId?: string;
  /** Where the desired object was declared, when it was. */
  source?: SourceRef;
  /** A gated or followed promotion: the candidate, where it came from, and the gate's evidence. */
  promotion?: PromotionEvidence | PromotionCandidate;
}

/** A followed promotion without a gate: where the candidate came from. */
export interface PromotionCandidate {
  candidate: string;
  follow: EnvironmentName;
}

/** A problem found while planning (unknown queue, undeployed version, limit above the maximum). */
export interface PlanDiagnostic {
  severity: "error" | "warning";
  code: string;
  address: string;
  message: string;
  source?: SourceRef;
  /** A failed gate's evidence (the same object a passing promotion carries on its change). */
  promotion?: PromotionEvidence;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
}

/** The plan as data: what renderers print, `--out` writes, `apply` carries out and the tests assert. */
export interface Plan {
  formatVersion: 1;
  project: string;
  environments: EnvironmentName[];
  /** Sorted by environment, kind, address. */
  changes: Change[];
  summary: PlanSummary;
  diagnostics: PlanDiagnostic[];
  /**
   * A digest of the live state the plan was computed from (secret values excluded), so that
   * `apply --plan` can refuse a plan that no longer matches.
   */
  liveFingerprint: string;
  /**
   * A digest of the desired state the plan was computed from (secret values and source positions excluded),
   * so that `apply --plan` can refuse a plan whose configuration changed in a way the plan does not show
   * (a masked env var value). Absent in plans built by hand.
   */
  desiredFingerprint?: string;
}

/** The address helpers: the one place addresses are spelled. */
export const address = {
  schedule: (env: EnvironmentName, key: string) => `${env}.schedules.${key}`,
  envVar: (env: EnvironmentName, name: string) => `${env}.envVars.${name}`,
  queue: (env: EnvironmentName, type: "task" | "custom", name: string) =>
    `${env}.queues.${type === "task" ? "tasks" : "custom"}.${name}`,
  deployment: (env: EnvironmentName) => `${env}.deployment`,
};
