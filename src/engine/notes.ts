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
