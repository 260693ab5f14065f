import type { TriggerClient } from "../client/index.js";
import { awaitingDeployment, keptDriftCount, planChanges } from "../engine/index.js";
import { nodeSha256Hex, promotionSources, readLive, type ProjectBinding, type ReadLiveOptions } from "../live/index.js";
import type { DesiredState } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { LiveState } from "../model/live.js";
import type { Plan } from "../model/plan.js";
import { createCliBinding, createCliClient } from "./client.js";
import { envFlags, loadDesired, selectEnvironments } from "./config.js";
import type { CommandContext } from "./main.js";

/** Everything `plan` and `apply` compute before they differ. */
export interface PlanningResult {
  desired: DesiredState;
  live: LiveState;
  plan: Plan;
  client: TriggerClient;
  /** Proven for every planned environment by the read: apply's writes go through it too. */
  binding: ProjectBinding;
}

/**
 * Loads the config, reads live state for the selected environments, and plans. The caller closes `client`.
 * Secret values read from the server are registered with the redactor before anything is printed.
 */
export async function loadAndPlan(
  ctx: CommandContext,
  command: string,
  options: {
    showValues?: boolean;
    defaultEnvironments?: readonly EnvironmentName[];
    onConfig?: (desired: DesiredState) => void;
    savedGates?: ReadLiveOptions["savedGates"];
  } = {},
): Promise<PlanningResult> {
  const flagged = envFlags(ctx, command);
  const only = flagged.length > 0 ? flagged : [...(options.defaultEnvironments ?? [])];
  const desired = selectEnvironments(await loadDesired(ctx, only), only);
  options.onConfig?.(desired);
  // Followed environments and gate sources are read too (their current version, their runs): they need credentials.
  const client = createCliClient(
    ctx,
    desired.project,
    [...desired.environments.map((e) => e.name), ...promotionSources(desired)],
    desired.apiUrl,
  );
  try {
    if (ctx.io.isTTY) ctx.output.err(ctx.output.color.dim(`Reading ${desired.project} (${desired.environments.map((e) => e.name).join(", ")})…\n`));
    // Every environment's credential is proved to belong to the project before a plan is shown (product.md).
    const binding = createCliBinding(ctx, client, desired.environments.map((e) => e.name));
    const live = await readLive(desired, client, { binding, ...(options.savedGates ? { savedGates: options.savedGates } : {}) });
    registerLiveSecrets(ctx, live);
    const plan = planChanges(desired, live, { showValues: options.showValues ?? false, hash: nodeSha256Hex });
    return { desired, live, plan, client, binding };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Secret values read back (the runtime read) are as sensitive as the declared ones. */
function registerLiveSecrets(ctx: CommandContext, live: LiveState): void {
  for (const env of live.environments) {
    for (const v of Object.values(env.envVars ?? {})) {
      if (v.isSecret && v.value !== undefined) ctx.output.redactor.add(v.value);
    }
  }
}

/** True when the plan would change anything (apply has something to do). */
export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.create + s.update + s.replace + s.delete > 0;
}

/**
 * True when live differs from the configuration: changes to make, owned objects kept only because their prune
 * setting is off, or declared schedules that wait for a deployment (what `plan --detailed-exitcode` reports with
 * exit code 2).
 */
export function hasDrift(plan: Plan): boolean {
  return hasChanges(plan) || keptDriftCount(plan) > 0 || awaitingDeployment(plan) > 0;
}

/** True when the plan carries error diagnostics (apply would refuse it). */
export function hasPlanErrors(plan: Plan): boolean {
  return plan.diagnostics.some((d) => d.severity === "error");
}
