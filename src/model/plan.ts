import type { QueueIdentity, QueueType } from "./desired.js";
import type { EnvironmentName } from "./environments.js";
import type { PromotionEvidence } from "./promotion.js";
import type { SourceRef } from "./source.js";

/** The four managed kinds. */
export type ResourceKind = "schedule" | "envVar" | "queue" | "deployment";

/**
 * The fixed kind order of a plan, which is also the apply order within an environment: variables first (a
 * promoted version may read them), then the promotion (it re-syncs declarative schedules and writes queue
 * bases, api-behaviour.md §5.5, §4.7), then queue settings, then schedules.
 */
export const KIND_ORDER: readonly ResourceKind[] = ["envVar", "deployment", "queue", "schedule"];

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

/**
 * What a change acts on within its environment, typed: apply reads its identity from here, never from the
 * address. Not written to the JSON plan (the address says the same); {@link targetOfAddress} reads it back.
 */
export type ChangeTarget =
  | ({ kind: "queue" } & QueueIdentity)
  | { kind: "schedule"; key: string }
  | { kind: "envVar"; name: string }
  | { kind: "deployment" };

export interface Change {
  /**
   * Stable, spelled from `environment` and `target` by {@link addressOf}: `prod.schedules.nightly-cleanup`,
   * `prod.envVars.LOG_LEVEL`, `prod.queues.tasks.send-email`, `prod.deployment`.
   */
  address: string;
  /** Always `target.kind`. */
  kind: ResourceKind;
  environment: EnvironmentName;
  target: ChangeTarget;
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
  /**
   * The `--target` patterns the plan was narrowed to (Terraform's `-target`): the plan is partial, and
   * `apply --plan` re-plans with the same targets to check it is not stale. Absent for a full plan.
   */
  targets?: string[];
}

/** A change's address: its environment, then {@link addressInEnvironment}. */
export function addressOf(env: EnvironmentName, target: ChangeTarget): string {
  return `${env}.${addressInEnvironment(target)}`;
}

/**
 * The one place addresses are spelled, without the environment (as the parity matrix lists rows):
 * `schedules.<key>`, `envVars.<name>`, `queues.tasks.<task>` or `queues.custom.<name>`, `deployment`.
 */
export function addressInEnvironment(target: ChangeTarget): string {
  const section = KIND_SECTION[target.kind];
  switch (target.kind) {
    case "schedule":
      return `${section}.${target.key}`;
    case "envVar":
      return `${section}.${target.name}`;
    case "queue":
      return `${section}.${QUEUE_SECTION[target.type]}.${target.name}`;
    case "deployment":
      return section;
  }
}

/**
 * The address of a whole collection of `env` (`prod.schedules`), for a diagnostic about all of it; `--target`
 * selects everything below it.
 */
export function collectionAddress(env: EnvironmentName, kind: ResourceKind): string {
  return `${env}.${KIND_SECTION[kind]}`;
}

/** The address segment of each kind (the config file's section names). */
const KIND_SECTION: Readonly<Record<ResourceKind, string>> = { schedule: "schedules", envVar: "envVars", queue: "queues", deployment: "deployment" };

/** The address segment of each queue type (the config file's `queues.tasks` / `queues.custom` sections). */
const QUEUE_SECTION: Readonly<Record<QueueType, string>> = { task: "tasks", custom: "custom" };

/**
 * The target an address of `env` was spelled from by {@link addressOf}; undefined when it is not such an address.
 * For plan files, which carry the address only: the plan itself always holds the target.
 */
export function targetOfAddress(env: EnvironmentName, addr: string): ChangeTarget | undefined {
  if (!addr.startsWith(`${env}.`)) return undefined;
  const rest = addr.slice(env.length + 1);
  if (rest === KIND_SECTION.deployment) return { kind: "deployment" };
  const after = (prefix: string) => (rest.startsWith(prefix) && rest.length > prefix.length ? rest.slice(prefix.length) : undefined);
  const key = after(`${KIND_SECTION.schedule}.`);
  if (key !== undefined) return { kind: "schedule", key };
  const name = after(`${KIND_SECTION.envVar}.`);
  if (name !== undefined) return { kind: "envVar", name };
  for (const type of ["task", "custom"] as const) {
    const queue = after(`${KIND_SECTION.queue}.${QUEUE_SECTION[type]}.`);
    if (queue !== undefined) return { kind: "queue", type, name: queue };
  }
  return undefined;
}

/** The identity members of a change, all derived from its environment and target. */
export function changeIdentity(environment: EnvironmentName, target: ChangeTarget): Pick<Change, "address" | "kind" | "environment" | "target"> {
  return { address: addressOf(environment, target), kind: target.kind, environment, target };
}

/** Address shorthands for code that names one object (diagnostics, Pulumi resource ids): spelled by {@link addressOf}. */
export const address = {
  schedule: (env: EnvironmentName, key: string) => addressOf(env, { kind: "schedule", key }),
  envVar: (env: EnvironmentName, name: string) => addressOf(env, { kind: "envVar", name }),
  queue: (env: EnvironmentName, type: QueueType, name: string) => addressOf(env, { kind: "queue", type, name }),
  deployment: (env: EnvironmentName) => addressOf(env, { kind: "deployment" }),
};

/**
 * Codes of the notes and diagnostics the planner emits. Stable: renderers, the CLI, the Pulumi providers
 * and users' scripts (through the JSON plan) match on them.
 */
export const NOTE = {
  /** A variable secret remotely is declared plain: applying removes its secret flag. */
  secretFlagLost: "secret-flag-lost",
  /** A secret value could not be read, so it could not be compared. */
  valueNotComparable: "value-not-comparable",
  /** A live queue override that git does not declare, with who and when. */
  overrideNotInGit: "override-not-in-git",
  /** The code-declared limit beside an override. */
  base: "base",
  /** Promoting an older version than the current one. */
  rollback: "rollback",
  /** A remote object this tool never changes (declarative schedules). */
  readOnly: "read-only",
  /** A followed promotion: where the candidate version comes from. */
  follow: "follow",
  /** A gated promotion's evidence, one line (the JSON plan has it as the change's `promotion`). */
  gateEvidence: "gate-evidence",
  /** Tasks added and removed between the current and the promoted version. */
  tasksChanged: "tasks-changed",
  /** Declarative schedules the promotion creates or removes (scheduled tasks added or removed). */
  declarativeSchedules: "declarative-schedules",
  /** An imperative schedule the file does not declare: what it is, and whether prune would delete it. */
  notDeclared: "not-declared",
  /**
   * An object this tool created and owns, no longer declared, kept only because its prune setting is off
   * (`prune.schedules: false`): drift that apply leaves alone, so `plan --detailed-exitcode` exits 2.
   */
  keptNotPruned: "kept-not-pruned",
  /** A variable a preview branch inherits from the preview environment: never changed or pruned through it. */
  inherited: "inherited",
  /** A declared value that differs from the inherited one: written as the branch's own (an override). */
  branchOverride: "branch-override",
  /** Listed through a preview branch whose parent could not be read: own or inherited is unknown, so not pruned. */
  originUnknown: "origin-unknown",
  /** A schedule to create while an unmanaged one runs the same task and cron: how to adopt that one instead. */
  adoptionHint: "adoption-hint",
  /** A paused queue that is not declared: listed, and left paused (prune never resumes it). */
  paused: "paused",
} as const;

/** Codes of plan diagnostics. */
export const DIAGNOSTIC = {
  /** A `{ exists: true }` variable is missing remotely. */
  envVarMissing: "env-var-missing",
  /** A declared queue does not exist remotely (queues come from deploys). */
  queueNotFound: "queue-not-found",
  /** A declared concurrency limit above the environment's maximum. */
  limitAboveMaximum: "limit-above-maximum",
  /** The declared deployment version does not exist in the environment. */
  deploymentNotFound: "deployment-not-found",
  /** The declared deployment exists but is not DEPLOYED. */
  deploymentNotDeployed: "deployment-not-deployed",
  /** `follow` names an environment where nothing is promoted. */
  followNothing: "follow-nothing-promoted",
  /** The candidate's runs do not meet the gate. */
  gateFailed: "gate-failed",
  /** A schedule's task is not a task of the version that will be current after apply. */
  scheduleTaskUnknown: "schedule-task-unknown",
  /** A schedule's task exists in that version but is not a scheduled task (`schedules.task()`). */
  scheduleTaskNotScheduled: "schedule-task-not-scheduled",
  /**
   * A warning: the environment has no current deployment and the plan promotes none, so the API lists no schedules
   * there and the declared ones are not planned until a version is deployed (the plan is not clean meanwhile).
   */
  noCurrentDeployment: "no-current-deployment",
} as const;

/** True for the actions that change something remotely. */
export function isActionable(change: Change): boolean {
  return change.action !== "noop" && change.action !== "unmanaged";
}

/**
 * True for a change that apply leaves alone although live differs from the configuration: an owned object
 * no longer declared and kept only because its prune setting is off (`kept-not-pruned`).
 */
export function isKeptDrift(change: Change): boolean {
  return change.action === "unmanaged" && (change.notes ?? []).some((n) => n.code === NOTE.keptNotPruned);
}

/**
 * How many changes of the plan are drift that apply does not act on (see {@link isKeptDrift}). Such a plan
 * is not clean: `plan --detailed-exitcode` exits 2 and the summary line says so.
 */
export function keptDriftCount(plan: Pick<Plan, "changes">): number {
  return plan.changes.filter(isKeptDrift).length;
}

/** Environments whose declared schedules wait for a deployment: the plan is not clean while there are any. */
export function awaitingDeployment(plan: Pick<Plan, "diagnostics">): number {
  return plan.diagnostics.filter((d) => d.code === DIAGNOSTIC.noCurrentDeployment).length;
}
