import type { EnvState, EmulatorState, RunState } from "./state.js";
import { nextId } from "./state.js";
import type { SeedRun, SeedRunOutcomes } from "./types.js";
import { parseDuration } from "./validate.js";

/** Run statuses the API reports (ApiRetrieveRunPresenter.apiStatusFromRunStatus; TIMED_OUT and EXPIRED too). */
export const API_RUN_STATUSES = [
  "PENDING_VERSION",
  "DELAYED",
  "QUEUED",
  "EXECUTING",
  "COMPLETED",
  "CANCELED",
  "FAILED",
  "CRASHED",
  "SYSTEM_FAILURE",
  "TIMED_OUT",
  "EXPIRED",
] as const;

/** Database-style statuses (run-schema.json) mapped to what the API reports (apiStatusFromRunStatusV2). */
const RUN_STATUS_ALIASES: Record<string, string> = {
  COMPLETED_SUCCESSFULLY: "COMPLETED",
  COMPLETED_WITH_ERRORS: "FAILED",
  CANCELLED: "CANCELED",
  INTERRUPTED: "FAILED",
  FAILED_TO_RUN: "SYSTEM_FAILURE",
  WAITING_FOR_DEPLOY: "PENDING_VERSION",
  WAITING_TO_RESUME: "EXECUTING",
  REATTEMPTING: "EXECUTING",
};

/** Statuses after which a run has a `finishedAt`. */
const TERMINAL = ["COMPLETED", "CANCELED", "FAILED", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT", "EXPIRED"];

/** Statuses a generated failure may have. */
export const FAILURE_STATUSES = ["FAILED", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT"] as const;

/** The API status of a seeded run status, or undefined when unknown. */
export function normalizeRunStatus(status: string): string | undefined {
  if ((API_RUN_STATUSES as readonly string[]).includes(status)) return status;
  return RUN_STATUS_ALIASES[status];
}

/** A stored run from a seed entry (createdAt default: now). */
export function runFromSeed(state: EmulatorState, run: SeedRun, now: Date): RunState {
  const status = normalizeRunStatus(run.status) ?? "QUEUED";
  const createdAt = run.createdAt ?? now.toISOString();
  const finished = TERMINAL.includes(status);
  const started = (finished && status !== "EXPIRED") || status === "EXECUTING";
  return {
    id: run.id ?? nextId(state, "run"),
    task: run.task,
    status,
    version: run.version ?? null,
    createdAt,
    updatedAt: createdAt,
    startedAt: started ? createdAt : null,
    finishedAt: finished ? createdAt : null,
    isTest: run.isTest ?? false,
    tags: run.tags ?? [],
  };
}

/** Why an outcome spec is unusable, or undefined. */
export function runOutcomesProblem(o: unknown, env?: EnvState): string | undefined {
  if (typeof o !== "object" || o === null) return "must be an object with version and count";
  const r = o as Record<string, unknown>;
  if (typeof r.version !== "string" || r.version === "") return "needs a version";
  if (typeof r.count !== "number" || !Number.isInteger(r.count) || r.count < 0 || r.count > 100_000) return "count must be an integer from 0 to 100000";
  if (r.failureRate !== undefined && (typeof r.failureRate !== "number" || r.failureRate < 0 || r.failureRate > 1)) return "failureRate must be from 0 to 1";
  if (r.failureStatus !== undefined && !(FAILURE_STATUSES as readonly unknown[]).includes(r.failureStatus)) {
    return `failureStatus must be one of ${FAILURE_STATUSES.join(", ")}`;
  }
  if (r.within !== undefined && (typeof r.within !== "string" || parseDuration(r.within) === undefined)) return "within must be a duration such as 1h";
  if (r.task === undefined && env && tasksOf(env, r.version).length === 0) return `names no task, and version ${r.version} has no deployment with tasks here`;
  return undefined;
}

function tasksOf(env: EnvState, version: string): string[] {
  return env.deployments.find((d) => d.version === version)?.tasks.map((t) => t.id) ?? [];
}

/**
 * Generates the runs an outcome spec describes, deterministically: `count` finished runs of `version`, of which
 * round(count × failureRate) fail (spread evenly, with `failureStatus`), created evenly over `within` before
 * `now` (oldest first; `defaultWithin` when the spec has none: 1h for seeds, 0 = all created now for
 * `admin.addRuns`). Without a task they cycle through the tasks of that version's deployment.
 */
export function runsFromOutcomes(state: EmulatorState, env: EnvState, spec: SeedRunOutcomes, now: Date, defaultWithinMs = 3_600_000): RunState[] {
  const problem = runOutcomesProblem(spec, env);
  if (problem) throw new Error(`Invalid run outcomes: ${problem}`);
  const tasks = spec.task !== undefined ? [spec.task] : tasksOf(env, spec.version);
  const failures = Math.round(spec.count * (spec.failureRate ?? 0));
  const withinMs = spec.within === undefined ? defaultWithinMs : (parseDuration(spec.within) as number);
  const out: RunState[] = [];
  for (let i = 0; i < spec.count; i++) {
    const fails = Math.floor(((i + 1) * failures) / spec.count) > Math.floor((i * failures) / spec.count);
    const at = withinMs === 0 ? now : new Date(now.getTime() - withinMs + Math.floor(((i + 1) * withinMs) / (spec.count + 1)));
    out.push(
      runFromSeed(
        state,
        {
          task: tasks[i % tasks.length] as string,
          status: fails ? (spec.failureStatus ?? "FAILED") : "COMPLETED",
          version: spec.version,
          createdAt: at.toISOString(),
        },
        now,
      ),
    );
  }
  return out;
}
