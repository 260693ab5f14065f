import { formatIssues, loadConfig } from "../config/index.js";
import type { SourceRef, ValidationIssue } from "../model/source.js";
import { isPresenceOnly, type DesiredState } from "../model/desired.js";
import { ENVIRONMENT_NAMES, isEnvironmentName, type EnvironmentName } from "../model/environments.js";
import { didYouMean, listFlag } from "./args.js";
import { CliError, ConfigIssuesError, UsageError } from "./errors.js";
import type { CommandContext } from "./context.js";

/**
 * Loads the config files named by `-f` (default trigger-iac.yaml), prints warnings, and on any error prints
 * every issue with file:line:col and stops with exit code 1. Secret values are registered with the redactor
 * before anything else can print them. Only the `fromEnv` values of `environments` (the ones the command acts
 * on; all when empty) are needed: a CI job holds one environment's secrets at a time. Warnings that `hold`
 * selects are not printed but pushed to `held`, for the caller to print once live state tells whether they apply.
 */
export async function loadDesired(
  ctx: CommandContext,
  environments: readonly EnvironmentName[] = [],
  hold?: { select: (issue: ValidationIssue) => boolean; held: ValidationIssue[] },
): Promise<DesiredState> {
  const { output, io } = ctx;
  const { desired, issues: all, project } = await loadConfig({
    files: listFlag(ctx.flags, "file"),
    cwd: io.cwd,
    env: io.env,
    ...(environments.length > 0 ? { fromEnvEnvironments: environments, otherFromEnv: "ignore" as const } : {}),
  });
  if (desired) registerSecrets(ctx, desired);
  const errors = all.filter((i) => i.severity === "error");
  const issues = errors.length > 0 || !hold ? all : all.filter((i) => !(hold.select(i) && hold.held.push(i)));
  if (issues.length > 0) output.err(`${formatIssues(issues, { color: output.color.enabled })}\n`);
  if (errors.length > 0 || !desired) {
    const warnings = issues.length - errors.length;
    output.err(`\n${errors.length} error(s)${warnings ? `, ${warnings} warning(s)` : ""}: nothing was read or changed.\n`);
    throw new ConfigIssuesError(issues, project);
  }
  return desired;
}

/** What `import` takes from an existing configuration when `--project` is not given. */
export interface ExistingProject {
  project: string;
  source?: SourceRef;
  apiUrl?: string;
  environments: EnvironmentName[];
  /** The file that names the project, as shown to the user. */
  file: string;
}

/**
 * Reads the project of the existing configuration (`-f`, or the default files). Only the project, apiUrl and
 * environments are needed, so no `fromEnv` value is (missing ones are not reported). Any other problem is printed
 * with file:line:col, as for plan.
 */
export async function projectFromConfig(ctx: CommandContext): Promise<ExistingProject> {
  const { desired, issues } = await loadConfig({
    files: listFlag(ctx.flags, "file"),
    cwd: ctx.io.cwd,
    env: ctx.io.env,
    fromEnvEnvironments: [],
    otherFromEnv: "ignore",
  });
  const errors = issues.filter((i) => i.severity === "error");
  if (errors.length > 0 && errors.every((i) => i.code === "config-not-found")) {
    throw new UsageError(
      "--project REF is required (the project ref, proj_…): there is no trigger-iac.yaml or trigger-iac.config.ts here to take it from.",
      "import",
    );
  }
  if (!desired || errors.length > 0) {
    ctx.output.err(`${formatIssues(errors, { color: ctx.output.color.enabled })}\n`);
    throw new CliError(`import needs --project REF, or a valid configuration to take the project from (${errors.length} error(s) above).`, {
      hint: "Pass --project proj_… (and --env NAME).",
    });
  }
  return {
    project: desired.project,
    source: desired.projectSource,
    apiUrl: desired.apiUrl,
    environments: desired.environments.map((e) => e.name),
    file: desired.projectSource?.file ?? "the configuration",
  };
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
    if (!isEnvironmentName(name)) {
      throw new UsageError(`--env must be one of ${ENVIRONMENT_NAMES.join(", ")}; got '${name}'.${didYouMean(name, ENVIRONMENT_NAMES)}`, command);
    }
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
