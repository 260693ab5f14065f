import { ENVIRONMENT_NAMES, type EnvironmentName } from "../model/environments.js";
import { isPresenceOnly, type DesiredState } from "../model/desired.js";
import { isActionable, type ChangeAction, type Plan } from "../model/plan.js";
import { buildJobs, PlanMismatchError, type Job } from "./apply-jobs.js";
import type { ApplyOps } from "./ops.js";
import { runInApplyOrder } from "./order.js";
import { createRedactor, scrubAndClip } from "../secrets/redact.js";

/** Progress of one API call. Carries addresses and messages only, never a value. */
export interface ApplyEvent {
  phase: "start" | "success" | "failure";
  environment: EnvironmentName;
  /** e.g. `createSchedule`, `importEnvVars(secret)`. */
  operation: string;
  /** The changes the call acts on (several for an env var import). */
  addresses: string[];
  /** On failure: the error's message (the API's own), with any secret value redacted. */
  error?: string;
}

/** What `applyPlan` did. A re-run (with a fresh plan) picks up whatever failed or was not attempted. */
export interface ApplyResult {
  /** One entry per successful call per address. */
  completed: { address: string; action: ChangeAction; operation: string }[];
  /** One entry per address of a failed call. */
  failed: { address: string; operation: string; error: string }[];
  /** Changes not started because an earlier call failed in the same environment. */
  notAttempted: { address: string; action: ChangeAction }[];
}

/** Options of {@link applyPlan}. */
export interface ApplyOptions {
  /**
   * How many calls may be started at once per kind of one environment. The ops underneath pace them further
   * (the REST client keeps each environment within its rate limit and adapts its concurrency to the latency).
   * @default 32
   */
  concurrency?: number;
  /** Refuse the whole plan when its deletes plus replaces exceed this. @default unlimited */
  maxDeletes?: number;
  /** Called for each call's start, success and failure (the CLI prints progress from it). */
  onEvent?: (event: ApplyEvent) => void;
}

/** Why `applyPlan` refused to start. Nothing was changed. */
export class ApplyRefusedError extends Error {
  constructor(
    readonly code: "plan-has-errors" | "too-many-deletes" | "plan-mismatch",
    message: string,
  ) {
    super(message);
    this.name = "ApplyRefusedError";
  }
}

/**
 * Carries out a plan through `ops`. Environments run at the same time; within an environment each kind waits
 * only for the kinds it depends on ({@link APPLY_AFTER}: env vars, then the promotion, then queues and schedules
 * side by side), with bounded concurrency. After a failure no new call starts in that environment (calls in
 * flight finish); other environments go on. The result lists changes in plan order. Refuses before any call
 * when the plan has error diagnostics, when deletes plus replaces exceed `maxDeletes`, or when a change does not
 * match `desired`.
 */
export async function applyPlan(plan: Plan, desired: DesiredState, ops: ApplyOps, options: ApplyOptions = {}): Promise<ApplyResult> {
  const errors = plan.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new ApplyRefusedError("plan-has-errors", `The plan has ${errors.length} error(s); fix them first: ${errors.map((d) => d.message).join(" ")}`);
  }
  const destructive = plan.changes.filter((c) => c.action === "delete" || c.action === "replace").length;
  if (options.maxDeletes !== undefined && destructive > options.maxDeletes) {
    throw new ApplyRefusedError(
      "too-many-deletes",
      `The plan deletes or replaces ${destructive} object(s), more than the allowed ${options.maxDeletes} (--max-deletes).`,
    );
  }
  const perEnv = new Map<EnvironmentName, Job[][]>();
  try {
    for (const env of ENVIRONMENT_NAMES) {
      if (!plan.changes.some((c) => c.environment === env && isActionable(c))) continue;
      perEnv.set(env, buildJobs(env, plan.changes, desired.environments.find((e) => e.name === env)));
    }
  } catch (error) {
    if (error instanceof PlanMismatchError) throw new ApplyRefusedError("plan-mismatch", `The plan does not match the configuration: ${error.message}`);
    throw error;
  }

  const result: ApplyResult = { completed: [], failed: [], notAttempted: [] };
  const redact = secretRedactor(desired);
  const emit = options.onEvent ?? (() => {});
  const concurrency = Math.max(1, options.concurrency ?? 32);
  // Environments at once: each has its own rate-limit bucket and concurrency on the server and in the client.
  const environments = [...perEnv].map(async ([env, groups]) => {
    let failed = false;
    const runJob = async (job: Job) => {
      if (failed) {
        result.notAttempted.push(...job.changes);
        return;
      }
      const addresses = job.changes.map((c) => c.address);
      for (const step of job.steps) {
        emit({ phase: "start", environment: env, operation: step.operation, addresses });
        try {
          await step.run(ops);
        } catch (error) {
          const message = redact(error instanceof Error ? error.message : String(error));
          failed = true;
          result.failed.push(...addresses.map((address) => ({ address, operation: step.operation, error: message })));
          emit({ phase: "failure", environment: env, operation: step.operation, addresses, error: message });
          return;
        }
        result.completed.push(...job.changes.map((c) => ({ ...c, operation: step.operation })));
        emit({ phase: "success", environment: env, operation: step.operation, addresses });
      }
    };
    await runInApplyOrder(groups, (group) => runPool(group, concurrency, runJob));
  });
  await Promise.all(environments);
  // Environments and kinds finish in any order: report in the plan's order, so the same outcome reads the same.
  const position = new Map(plan.changes.map((c, i) => [c.address, i]));
  const byPlan = (a: { address: string }, b: { address: string }) => (position.get(a.address) ?? 0) - (position.get(b.address) ?? 0);
  result.completed.sort(byPlan);
  result.failed.sort(byPlan);
  result.notAttempted.sort(byPlan);
  return result;
}

/** Runs `worker` over `items`, at most `limit` at a time. */
async function runPool<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await worker(items[next++]);
  });
  await Promise.all(lanes);
}

/**
 * Replaces every declared secret value in a message: an ops implementation may echo a request in its error,
 * and secrets must never reach a result, an event or a log.
 */
function secretRedactor(desired: DesiredState): (message: string) => string {
  const redactor = createRedactor();
  for (const env of desired.environments) {
    for (const v of Object.values(env.envVars ?? {})) if (!isPresenceOnly(v) && v.secret) redactor.add(v.value);
  }
  return (message) => scrubAndClip(redactor, message);
}
