import type { TriggerClient } from "../client/index.js";
import { targetEnvironments, targetPlan } from "../engine/index.js";
import { promotionSources, readAndPlan, type ProjectBinding, type ReadLiveOptions } from "../live/index.js";
import type { DesiredState } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { LiveState } from "../model/live.js";
import { awaitingDeployment, keptDriftCount, type Plan } from "../model/plan.js";
import type { ValidationIssue } from "../model/source.js";
import { createCliBinding, createCliClient } from "./client.js";
import { envFlags, loadDesired, selectEnvironments } from "./config.js";
import { isHeldWarning, printHeldWarnings } from "./held-warnings.js";
import { projectRefusal } from "./project-hint.js";
import { targetFlags } from "./target.js";
import { CliError } from "./errors.js";
import type { CommandContext } from "./context.js";

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
    defaultTargets?: readonly string[];
    onConfig?: (desired: DesiredState) => void;
    savedGates?: ReadLiveOptions["savedGates"];
  } = {},
): Promise<PlanningResult> {
  const flagged = envFlags(ctx, command);
  const targets = options.defaultTargets ?? targetFlags(ctx, command);
  // Targets that each name an environment need only those read (and their credentials, and fromEnv values),
  // as Terraform refreshes only what -target selects.
  const targeted = flagged.length > 0 || options.defaultEnvironments ? undefined : targetEnvironments(targets);
  const wanted = flagged.length > 0 ? flagged : [...(options.defaultEnvironments ?? targeted ?? [])];
  const held: ValidationIssue[] = [];
  const loaded = await loadDesired(ctx, wanted, { select: isHeldWarning, held });
  const only = targeted ? declaredTargetEnvironments(loaded, targeted, targets) : wanted;
  const desired = selectEnvironments(loaded, only);
  options.onConfig?.(desired);
  // Followed environments and gate sources are read too (their current version, their runs): they need credentials.
  const sources = promotionSources(desired);
  // One list for the client's credentials, the binding and the refusal hint: they must name the same environments.
  const readEnvironments = [...desired.environments.map((e) => e.name), ...sources];
  const client = createCliClient(ctx, desired.project, readEnvironments, desired.apiUrl);
  try {
    if (ctx.io.isTTY) ctx.output.err(ctx.output.color.dim(`Reading ${desired.project} (${desired.environments.map((e) => e.name).join(", ")})…\n`));
    // Every environment's credential is proved to belong to the project before a plan is shown (product.md).
    // So is the credential of an environment read only as a source: a foreign key there would make the gate count
    // another project's runs, or follow another project's version. Its proof (one env var list) runs beside the
    // read, so it adds no round trip; a refusal stops the command before anything is shown.
    const binding = createCliBinding(ctx, client, readEnvironments);
    const [{ live, plan: full }] = await Promise.all([
      readAndPlan(desired, client, binding, {
        showValues: options.showValues ?? false,
        ...(options.savedGates ? { savedGates: options.savedGates } : {}),
        onRead: (read) => registerLiveSecrets(ctx, read),
      }),
      ...sources.map((source) => binding.prove(source)),
    ]);
    printHeldWarnings(ctx, held, loaded, full);
    const plan = targetPlan(full, targets);
    return { desired, live, plan, client, binding };
  } catch (error) {
    await client.close();
    throw projectRefusal(ctx, error, {
      project: desired.project,
      source: desired.projectSource,
      environments: readEnvironments,
    }) ?? error;
  }
}

/** The environments named by every target that the configuration declares; none is an error. */
function declaredTargetEnvironments(desired: DesiredState, named: readonly EnvironmentName[], targets: readonly string[]): EnvironmentName[] {
  const declared = named.filter((e) => desired.environments.some((d) => d.name === e));
  if (declared.length === 0) {
    throw new CliError(
      `--target ${targets.join(", ")}: names no environment the configuration declares (it declares ${desired.environments.map((e) => e.name).join(", ")}).`,
    );
  }
  return declared;
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
