import { ENVIRONMENT_NAMES, type EnvironmentName } from "../model/environments.js";
import type { DesiredEnvironment, DesiredState } from "../model/desired.js";
import type { LiveEnvironment, LiveState } from "../model/live.js";
import type { Change, Plan, PlanDiagnostic } from "../model/plan.js";
import { diffDeployment } from "./diff-deployment.js";
import { diffEnvVar } from "./diff-envvar.js";
import type { DiffResult } from "./diff-result.js";
import { diffQueue } from "./diff-queue.js";
import { addAdoptionHints } from "./adoption.js";
import { diffSchedule } from "./diff-schedule.js";
import { checkScheduleTasks, schedulesAwaitDeployment } from "./schedule-tasks.js";
import { desiredFingerprint, liveFingerprint, type HashHex } from "./fingerprint.js";
import { sortChanges, sortDiagnostics, summarize } from "./order.js";
import { ownValue } from "../model/records.js";
import { compareStrings } from "../util/compare.js";

/** Options of {@link planChanges}. */
export interface PlanOptions {
  /** Put values of variables that are plain on both sides into the plan (`--show-values`). @default false */
  showValues?: boolean;
  /**
   * The SHA-256 behind the plan's fingerprints. The engine does no I/O and imports nothing from `node:`, so its
   * default is a portable implementation; the CLI and the Pulumi provider pass `node:crypto`'s
   * (`nodeSha256Hex`), which is what keeps hashing a small share of a large plan's time.
   * @default the engine's pure TypeScript SHA-256
   */
  hash?: HashHex;
}

/**
 * Computes the plan: what to change so that live matches desired. Pure: no I/O, same input, same plan.
 * Only declared environments, and in them only declared collections, are compared (an omitted section is
 * not managed). A live collection that was not read counts as empty.
 * @example const plan = planChanges(desired, live); if (plan.summary.create > 0) ...
 */
export function planChanges(desired: DesiredState, live: LiveState, options: PlanOptions = {}): Plan {
  const changes: Change[] = [];
  const diagnostics: PlanDiagnostic[] = [];
  const collect = (result: DiffResult) => {
    if (result.change) changes.push(result.change);
    diagnostics.push(...result.diagnostics);
  };
  const environments = ENVIRONMENT_NAMES.filter((name) => desired.environments.some((e) => e.name === name));
  for (const name of environments) {
    const want = desired.environments.find((e) => e.name === name) as DesiredEnvironment;
    const have: LiveEnvironment = live.environments.find((e) => e.name === name) ?? { name };
    planEnvVars(name, want, have, options).forEach(collect);
    collect(diffDeployment(name, want.deployment, have.deployment));
    planQueues(name, want, have).forEach(collect);
    const awaiting = schedulesAwaitDeployment(name, want, have);
    if (awaiting) diagnostics.push(awaiting);
    else planSchedules(name, want, have).forEach(collect);
    diagnostics.push(...checkScheduleTasks(name, want, have));
  }
  const sorted = sortChanges(changes);
  return {
    formatVersion: 1,
    project: desired.project,
    environments,
    changes: sorted,
    summary: summarize(sorted),
    diagnostics: sortDiagnostics(diagnostics),
    liveFingerprint: liveFingerprint(live, options.hash),
    desiredFingerprint: desiredFingerprint(desired, environments, options.hash),
  };
}

function planEnvVars(env: EnvironmentName, want: DesiredEnvironment, have: LiveEnvironment, options: PlanOptions): DiffResult[] {
  if (want.envVars === undefined) return [];
  const declared = want.envVars;
  const live = have.envVars ?? {};
  const names = [...new Set([...Object.keys(declared), ...Object.keys(live)])].sort(compareStrings);
  return names.map((name) =>
    diffEnvVar(env, name, ownValue(declared, name), ownValue(live, name), {
      prune: want.prune.envVars,
      showValues: options.showValues,
      ...(have.envVarBranch ? { branch: have.envVarBranch } : {}),
    }),
  );
}

function planQueues(env: EnvironmentName, want: DesiredEnvironment, have: LiveEnvironment): DiffResult[] {
  if (want.queues === undefined) return [];
  const live = have.queues ?? [];
  const options = {
    prune: want.prune.queues,
    liveMaximum: have.maximumConcurrencyLimit,
    desiredMaximum: want.maximumConcurrencyLimit,
    candidates: live,
  };
  const matched = new Set<string>();
  const results = want.queues.map((queue) => {
    const match = live.find((q) => q.type === queue.type && q.name === queue.name);
    if (match) matched.add(match.id);
    return diffQueue(env, queue, match, options);
  });
  for (const queue of live) {
    if (!matched.has(queue.id)) results.push(diffQueue(env, undefined, queue, options));
  }
  return results;
}

function planSchedules(env: EnvironmentName, want: DesiredEnvironment, have: LiveEnvironment): DiffResult[] {
  if (want.schedules === undefined) return [];
  const live = have.schedules ?? [];
  const matched = new Set<string>();
  const results = Object.values(want.schedules).map((schedule) => {
    // The live match is by deduplicationKey: unique per project on the server (api-behaviour.md §3.2 step 4).
    const match = live.find((s) => s.type === "IMPERATIVE" && s.deduplicationKey === schedule.deduplicationKey);
    if (match) matched.add(match.id);
    return diffSchedule(env, schedule, match, want.prune.schedules);
  });
  for (const schedule of live) {
    if (!matched.has(schedule.id)) results.push(diffSchedule(env, undefined, schedule, want.prune.schedules));
  }
  addAdoptionHints(results, live);
  return results;
}
