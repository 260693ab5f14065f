import { formatIssues, loadConfig } from "../config/index.js";
import { isPresenceOnly, type DesiredState } from "../model/desired.js";
import { isEnvironmentName, type EnvironmentName } from "../model/environments.js";
import { listFlag } from "./args.js";
import { CliError, ConfigIssuesError, UsageError } from "./errors.js";
import type { CommandContext } from "./main.js";

/**
 * Loads the config files named by `-f` (default trigger-iac.yaml), prints warnings, and on any error prints
 * every issue with file:line:col and stops with exit code 1. Secret values are registered with the redactor
 * before anything else can print them. Only the `fromEnv` values of `environments` (the ones the command acts
 * on; all when empty) are needed: a CI job holds one environment's secrets at a time.
 */
export async function loadDesired(ctx: CommandContext, environments: readonly EnvironmentName[] = []): Promise<DesiredState> {
  const { output, io } = ctx;
  const { desired, issues, project } = await loadConfig({
    files: listFlag(ctx.flags, "file"),
    cwd: io.cwd,
    env: io.env,
    ...(environments.length > 0 ? { fromEnvEnvironments: environments, otherFromEnv: "ignore" as const } : {}),
  });
  if (desired) registerSecrets(ctx, desired);
  const errors = issues.filter((i) => i.severity === "error");
  if (issues.length > 0) output.err(`${formatIssues(issues, { color: output.color.enabled })}\n`);
  if (errors.length > 0 || !desired) {
    const warnings = issues.length - errors.length;
    output.err(`\n${errors.length} error(s)${warnings ? `, ${warnings} warning(s)` : ""}: nothing was read or changed.\n`);
    throw new ConfigIssuesError(issues, project);
  }
  return desired;
}

/** Every secret value of the desired state goes to the redactor, the last guard on every output. */
export function registerSecrets(ctx: CommandContext, desired: DesiredState): void {
  for (const env of desired.environments) {
    for (const v of Object.values(env.envVars ?? {})) {
      if (!isPresenceOnly(v) && v.secret) ctx.output.redactor.add(v.value);
    }
  }
}

/** Parses `--env` values (repeatable) into environment names; an unknown name is a usage error. */
export function envFlags(ctx: CommandContext, command: string): EnvironmentName[] {
  const names = listFlag(ctx.flags, "env");
  for (const name of names) {
    if (!isEnvironmentName(name)) throw new UsageError(`--env must be one of dev, staging, prod, preview; got '${name}'.`, command);
  }
  return [...new Set(names)] as EnvironmentName[];
}

/** Keeps only the environments named by `--env` (all declared ones when none is given). */
export function selectEnvironments(desired: DesiredState, only: readonly EnvironmentName[]): DesiredState {
  if (only.length === 0) return desired;
  const declared = desired.environments.map((e) => e.name);
  const missing = only.filter((name) => !declared.includes(name));
  if (missing.length > 0) {
    throw new CliError(`--env ${missing.join(", ")}: not declared in the configuration (it declares ${declared.join(", ") || "no environment"}).`);
  }
  return { ...desired, environments: desired.environments.filter((e) => only.includes(e.name)) };
}
