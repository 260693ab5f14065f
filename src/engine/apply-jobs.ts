import type { EnvironmentName } from "../model/environments.js";
import { isPresenceOnly, type DesiredEnvironment, type DesiredSchedule, type QueueIdentity } from "../model/desired.js";
import { isActionable, KIND_ORDER, type Change, type ChangeAction, type ChangeTarget } from "../model/plan.js";
import { isRollback } from "./diff-deployment.js";
import type { ApplyOps } from "./ops.js";
import { restoreReplacedSchedule, scheduleSide } from "./schedule-restore.js";
import { nameRecord, ownValue } from "../model/records.js";

/** One API call of a job. */
export interface JobStep {
  /** The ApplyOps method name, e.g. `createSchedule`; imports say `importEnvVars(secret)` / `importEnvVars(plain)`. */
  operation: string;
  run: (ops: ApplyOps) => Promise<void>;
}

/**
 * The calls that carry out one change (or one batch of env var changes), run in order. A started job runs
 * to its end unless one of its own steps fails: stopping a replace between its delete and its create would
 * leave less than either the old or the new state.
 */
export interface Job {
  environment: EnvironmentName;
  changes: { address: string; action: ChangeAction }[];
  steps: JobStep[];
}

/** Thrown by {@link buildJobs} when a change cannot be matched with the desired state it was planned from. */
export class PlanMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanMismatchError";
  }
}

/**
 * Turns the actionable changes of one environment into jobs, one group per kind in {@link KIND_ORDER} (env vars,
 * promotion, queues, schedules; a group may be empty): the jobs of a group may run concurrently, and a group
 * starts once the groups it depends on are done (`runInApplyOrder`). Each change says what it acts on (its
 * `target`, `remoteId`) and what it writes (its fields' `after`: the promoted version, the queue override and
 * pause, the schedule fields that change). Only what a plan never holds comes from `desired`: env var values
 * (secret ones must never be in a plan) and the unchanged fields of a schedule update, which are sent again
 * because the server resets omitted ones (api-behaviour.md §3.2).
 */
export function buildJobs(env: EnvironmentName, changes: readonly Change[], desired: DesiredEnvironment | undefined): Job[][] {
  const mine = changes.filter((c) => c.environment === env && isActionable(c));
  if (mine.length > 0 && desired === undefined) throw new PlanMismatchError(`The plan changes ${env}, which the configuration does not declare.`);
  const want = desired as DesiredEnvironment;
  return KIND_ORDER.map((kind) => {
    const ofKind = mine.filter((c) => c.kind === kind);
    if (kind === "envVar") return envVarJobs(env, ofKind, want);
    return ofKind.map((change) => ({ environment: env, changes: [ref(change)], steps: stepsFor(env, change, want) }));
  });
}

function ref(change: Change): { address: string; action: ChangeAction } {
  return { address: change.address, action: change.action };
}

/** The change's target when it is of kind `K` (a plan built or edited by hand may disagree with itself). */
function targetOf<K extends ChangeTarget["kind"]>(change: Change, kind: K): Extract<ChangeTarget, { kind: K }> {
  const target = change.target;
  if (target?.kind !== kind) throw new PlanMismatchError(`${change.address}: not a ${kind} change.`);
  return target as Extract<ChangeTarget, { kind: K }>;
}

/** Creates and updates go in at most two import calls (plain, secret; override true), deletes one by one. */
function envVarJobs(env: EnvironmentName, changes: Change[], want: DesiredEnvironment): Job[] {
  const jobs: Job[] = [];
  const batches: Record<"plain" | "secret", { vars: Record<string, string>; changes: Change[] }> = {
    plain: { vars: nameRecord(), changes: [] },
    secret: { vars: nameRecord(), changes: [] },
  };
  for (const change of changes) {
    const { name } = targetOf(change, "envVar");
    if (change.action === "delete") {
      jobs.push({
        environment: env,
        changes: [ref(change)],
        steps: [{ operation: "deleteEnvVar", run: (ops) => ops.deleteEnvVar(env, name) }],
      });
      continue;
    }
    // The value is never in a plan (a secret one must not be): it comes from the configuration.
    const declared = ownValue(want.envVars, name);
    if (!declared || isPresenceOnly(declared)) throw new PlanMismatchError(`${change.address} has no value in the configuration.`);
    const batch = batches[declared.secret ? "secret" : "plain"];
    batch.vars[name] = declared.value;
    batch.changes.push(change);
  }
  const imports: Job[] = (["plain", "secret"] as const)
    .filter((flag) => batches[flag].changes.length > 0)
    .map((flag) => ({
      environment: env,
      changes: batches[flag].changes.map(ref),
      steps: [
        {
          operation: `importEnvVars(${flag})`,
          run: (ops: ApplyOps) => ops.importEnvVars(env, batches[flag].vars, flag === "secret"),
        },
      ],
    }));
  return [...imports, ...jobs];
}

function stepsFor(env: EnvironmentName, change: Change, want: DesiredEnvironment): JobStep[] {
  switch (change.kind) {
    case "deployment":
      return deploymentSteps(env, change);
    case "queue":
      return queueSteps(env, change);
    case "schedule":
      return scheduleSteps(env, change, want);
    default:
      throw new PlanMismatchError(`${change.address}: unexpected kind ${change.kind}.`);
  }
}

function deploymentSteps(env: EnvironmentName, change: Change): JobStep[] {
  targetOf(change, "deployment");
  // The version the plan promotes: the pinned one, or with follow the candidate it resolved.
  const version = change.fields.find((f) => f.path === "version")?.after;
  if (typeof version !== "string") throw new PlanMismatchError(`${change.address}: the plan names no version to promote.`);
  // Rollbacks need allowRollbacks=true, else the server refuses an older version (api-behaviour.md §5.5 step 5).
  const allowRollbacks = isRollback(change);
  return [{ operation: "promoteDeployment", run: (ops) => ops.promoteDeployment(env, version, allowRollbacks) }];
}

function queueSteps(env: EnvironmentName, change: Change): JobStep[] {
  const { type, name } = targetOf(change, "queue");
  const queue: QueueIdentity = { type, name };
  if (change.action === "delete") return [{ operation: "resetQueue", run: (ops) => ops.resetQueue(env, queue) }];
  const steps: JobStep[] = [];
  for (const field of change.fields) {
    const value = field.after;
    if (field.path === "override") {
      steps.push(
        typeof value === "number"
          ? { operation: "overrideQueue", run: (ops) => ops.overrideQueue(env, queue, value) }
          : { operation: "resetQueue", run: (ops) => ops.resetQueue(env, queue) },
      );
    } else if (field.path === "paused" && typeof value === "boolean") {
      steps.push({ operation: "setQueuePaused", run: (ops) => ops.setQueuePaused(env, queue, value) });
    }
  }
  return steps;
}

function scheduleSteps(env: EnvironmentName, change: Change, want: DesiredEnvironment): JobStep[] {
  const id = change.remoteId;
  if (change.action === "delete") {
    if (!id) throw new PlanMismatchError(`${change.address}: no schedule id to delete.`);
    return [{ operation: "deleteSchedule", run: (ops) => ops.deleteSchedule(env, id) }];
  }
  const { key } = targetOf(change, "schedule");
  const declared: DesiredSchedule | undefined = ownValue(want.schedules, key);
  if (!declared) throw new PlanMismatchError(`${change.address} is not declared in the configuration.`);
  // What the plan writes; every field is always sent: the server resets an omitted timezone and clears an omitted
  // externalId (§3.2).
  const { write, active } = scheduleSide(change, declared, "after");
  if (change.action === "update") {
    if (!id) throw new PlanMismatchError(`${change.address}: no schedule id to update.`);
    const steps: JobStep[] = [];
    if (change.fields.some((f) => f.path !== "active")) {
      steps.push({ operation: "updateSchedule", run: (ops) => ops.updateSchedule(env, id, write) });
    }
    // The update never changes `active` (§3.2 step 4): activate/deactivate does.
    if (change.fields.some((f) => f.path === "active")) {
      steps.push({ operation: "setScheduleActive", run: (ops) => ops.setScheduleActive(env, id, active) });
    }
    return steps;
  }
  // create, or replace = delete then create (the server never changes the task of a schedule, §3.2 step 4).
  const steps: JobStep[] = [];
  const replaced = change.action === "replace" ? scheduleSide(change, declared, "before") : undefined;
  if (replaced) {
    if (!id) throw new PlanMismatchError(`${change.address}: no schedule id to replace.`);
    steps.push({ operation: "deleteSchedule", run: (ops) => ops.deleteSchedule(env, id) });
  }
  let createdId = "";
  steps.push({
    operation: "createSchedule",
    run: async (ops) => {
      try {
        createdId = (await ops.createSchedule(env, write)).id;
      } catch (error) {
        // A replace whose create fails must not leave the environment without the schedule it deleted.
        if (replaced) throw await restoreReplacedSchedule(ops, env, replaced, error);
        throw error;
      }
    },
  });
  // A created schedule is always active (§3.2 step 4): deactivate it when the plan says inactive.
  if (!active) {
    steps.push({ operation: "setScheduleActive", run: (ops) => ops.setScheduleActive(env, createdId, false) });
  }
  return steps;
}

