import * as pulumi from "@pulumi/pulumi";
import { formatIssues, loadConfig } from "../config/index.js";
import { isPresenceOnly, type DesiredDeployment, type DesiredEnvironment, type DesiredState } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import { address } from "../model/plan.js";
import { assertUniqueNames, logicalName } from "./names.js";
import { PULUMI_MODULE } from "./resources/common.js";
import { DeploymentPromotion, type DeploymentPromotionArgs } from "./resources/deployment-promotion.js";
import { EnvVar } from "./resources/env-var.js";
import { QueueSetting } from "./resources/queue-setting.js";
import { Schedule } from "./resources/schedule.js";

/** Arguments of {@link Project}. */
export interface ProjectArgs {
  /**
   * Config files or directories, as the CLI's `-f`.
   * @default "trigger-iac.yaml" in `cwd`, else "trigger-iac.config.ts"
   */
  file?: string | string[];
  /** Directory relative paths are resolved from. @default process.cwd() (the Pulumi project directory) */
  cwd?: string;
  /** Declare only these environments of the file. @default every environment in the file */
  environments?: EnvironmentName[];
  /** API base URL for every resource; `TRIGGER_API_URL` still overrides it. @default the file's `apiUrl` */
  apiUrl?: string;
  /**
   * Take over remote objects that already exist (schedules, variables, queue overrides), e.g. a project
   * written with `trigger-iac import`; each adoption is logged as a warning. Without it, `create` refuses them.
   * @default false
   */
  adopt?: boolean;
}

/** The resources a {@link Project} declared, by plan address (e.g. `prod.schedules.nightly-cleanup`). */
export type ProjectResources = Record<string, Schedule | EnvVar | QueueSetting | DeploymentPromotion>;

/**
 * Everything in a trigger-iac config file as Pulumi resources: one resource per item, named
 * `<component name>.<plan address>` (e.g. `app.prod.envVars.LOG_LEVEL`), so reordering the file changes
 * nothing. The file is read and validated like the CLI reads it (`fromEnv` values from the process
 * environment, needed only for the `environments` declared); any error stops the program with file:line:col. Env var values are Pulumi secrets.
 *
 * Removing an item from the file deletes its resource, as in any Pulumi program (a QueueSetting's delete
 * resets the override, a DeploymentPromotion's delete changes nothing, `exists: true` variables are never
 * deleted); the file's `prune` settings are not used here.
 * @example new triggerdev.Project("app", { file: "trigger-iac.yaml" });
 */
export class Project extends pulumi.ComponentResource<ProjectResources> {
  /** Resolves once every resource is declared (or rejects with the config errors). */
  readonly resources: Promise<ProjectResources>;

  constructor(name: string, args: ProjectArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(`${PULUMI_MODULE}:index:Project`, name, args, opts);
    this.resources = this.getData();
  }

  /** Reads the config and declares the children (called by the ComponentResource constructor). */
  protected override async initialize(args: pulumi.Inputs, _opts?: unknown, name?: string): Promise<ProjectResources> {
    const a = args as ProjectArgs;
    const files = a.file === undefined ? undefined : Array.isArray(a.file) ? a.file : [a.file];
    // Only the declared environments' fromEnv values are needed (a stack holds one environment's secrets).
    const { desired, issues } = await loadConfig({
      files,
      cwd: a.cwd ?? process.cwd(),
      env: process.env,
      ...(a.environments ? { fromEnvEnvironments: a.environments, otherFromEnv: "ignore" as const } : {}),
    });
    if (!desired) throw new pulumi.RunError(`trigger-iac configuration is invalid:\n${formatIssues(issues)}`);
    return declareResources(this, name ?? "trigger-iac", desired, a);
  }
}

function declareResources(parent: Project, component: string, desired: DesiredState, args: ProjectArgs): ProjectResources {
  const items = desired.environments
    .filter((e) => args.environments === undefined || args.environments.includes(e.name))
    .flatMap((e) => environmentItems(e));
  const named = items.map((i) => ({ ...i, name: logicalName(component, i.address) }));
  try {
    assertUniqueNames(named);
  } catch (error) {
    throw new pulumi.RunError((error as Error).message);
  }
  const project = desired.project;
  const apiUrl = args.apiUrl ?? desired.apiUrl;
  const common = (environment: EnvironmentName) => ({ project, environment, ...(apiUrl ? { apiUrl } : {}), ...(args.adopt ? { adopt: true } : {}) });
  const opts: pulumi.CustomResourceOptions = { parent };
  const resources: ProjectResources = {};
  for (const item of named) resources[item.address] = item.declare(item.name, common(item.environment), opts);
  return resources;
}

type Common = { project: string; environment: EnvironmentName; apiUrl?: string; adopt?: boolean };
interface Item {
  address: string;
  environment: EnvironmentName;
  declare(name: string, common: Common, opts: pulumi.CustomResourceOptions): Schedule | EnvVar | QueueSetting | DeploymentPromotion;
}

/** One entry per managed item of an environment, in a stable order. */
function environmentItems(e: DesiredEnvironment): Item[] {
  const env = e.name;
  const items: Item[] = [];
  if (e.deployment) {
    const args = deploymentArgs(e.deployment);
    items.push({ address: address.deployment(env), environment: env, declare: (n, { adopt: _adopt, ...c }, o) => new DeploymentPromotion(n, { ...c, ...args }, o) });
  }
  for (const v of Object.values(e.envVars ?? {})) {
    const args = isPresenceOnly(v)
      ? { name: v.name, exists: true, secret: v.secret }
      : { name: v.name, value: pulumi.secret(v.value), secret: v.secret };
    items.push({ address: address.envVar(env, v.name), environment: env, declare: (n, c, o) => new EnvVar(n, { ...c, ...args }, o) });
  }
  for (const q of e.queues ?? []) {
    const queue = q.type === "task" ? { task: q.name } : { custom: q.name };
    const settings = {
      ...(q.concurrencyLimit !== undefined ? { concurrencyLimit: q.concurrencyLimit } : {}),
      ...(q.paused !== undefined ? { paused: q.paused } : {}),
    };
    items.push({ address: address.queue(env, q.type, q.name), environment: env, declare: (n, c, o) => new QueueSetting(n, { ...c, queue, ...settings }, o) });
  }
  for (const s of Object.values(e.schedules ?? {})) {
    const args = {
      key: s.key, task: s.task, cron: s.cron, timezone: s.timezone, externalId: s.externalId, active: s.active, deduplicationKey: s.deduplicationKey,
    };
    items.push({ address: address.schedule(env, s.key), environment: env, declare: (n, c, o) => new Schedule(n, { ...c, ...args }, o) });
  }
  return items;
}

/** The file's deployment section as DeploymentPromotion arguments (the same shape, durations as written). */
function deploymentArgs(d: DesiredDeployment): Omit<DeploymentPromotionArgs, "project" | "environment"> {
  const thresholds = (t: { minRuns: number; maxFailureRate: number; tasks?: string[] }) => ({
    minRuns: t.minRuns,
    maxFailureRate: t.maxFailureRate,
    ...(t.tasks ? { tasks: t.tasks } : {}),
  });
  return {
    ...(d.version !== undefined ? { version: d.version } : {}),
    ...(d.follow ? { follow: d.follow } : {}),
    ...(d.gate ? { gate: { ...thresholds(d.gate), window: d.gate.window, ...(d.gate.from ? { from: d.gate.from } : {}) } } : {}),
    ...(d.verify ? { verify: { ...thresholds(d.verify), for: d.verify.for, rollback: d.verify.rollback } } : {}),
  };
}
