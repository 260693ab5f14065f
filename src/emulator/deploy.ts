import type { QueueType } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { SeedDeployment } from "./types.js";
import type { DeploymentState, EmulatorState, EnvState, ProjectState, QueueState, TaskState } from "./state.js";
import { nextId, nextSeq, nextToken } from "./state.js";
import { describeCron } from "./cron.js";

/**
 * What a `trigger deploy` and a promotion do to an environment: queue records from the worker's tasks and
 * custom queues (api-behaviour.md §4.2, §4.7 deploy interaction) and declarative schedules (§3.5).
 */

/** Compares deployment versions like `compareDeploymentVersions`: date part as a string, suffix numerically (§5.5). */
export function compareDeploymentVersions(a: string, b: string): number {
  const [aDate = "", aSuffix = "0"] = a.split(".");
  const [bDate = "", bSuffix = "0"] = b.split(".");
  if (aDate < bDate) return -1;
  if (aDate > bDate) return 1;
  const diff = Number(aSuffix) - Number(bSuffix);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** `sanitizeQueueName`: drops characters outside `[a-zA-Z0-9_\-/]` and truncates to 128 (§4.2). */
export function sanitizeQueueName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_\-/]/g, "").slice(0, 128);
}

function clampDeclared(limit: number | null | undefined, env: EnvState): number | null {
  if (limit === null || limit === undefined) return null;
  return Math.min(Math.max(0, Math.floor(limit)), env.maximumConcurrencyLimit);
}

/** A queue record as the server first writes it: the given limit, no override, not paused (§4.7). */
export function newQueueRecord(
  state: EmulatorState,
  type: QueueType,
  name: string,
  concurrencyLimit: number | null,
  now: Date,
): QueueState {
  return {
    id: nextId(state, "queue"),
    type,
    name,
    concurrencyLimit,
    base: null,
    overriddenAt: null,
    overriddenBy: null,
    percent: null,
    paused: false,
    createdAt: now.toISOString(),
  };
}

/** Creates or updates one queue record the way a deploy does (`upsertWorkerQueueRecord`, §4.7). */
function upsertQueueFromDeploy(
  state: EmulatorState,
  env: EnvState,
  type: QueueType,
  name: string,
  declared: number | null,
  now: Date,
): void {
  const existing = env.queues.find((q) => q.type === type && q.name === name);
  if (!existing) {
    env.queues.push(newQueueRecord(state, type, name, declared, now));
    return;
  }
  // An active override survives deploys: the declared limit goes into base (§0 item 10).
  if (existing.overriddenAt) existing.base = declared;
  else existing.concurrencyLimit = declared;
}

/** Writes the queues a worker declares; queues of removed tasks stay (never deleted, §4.2). */
export function syncQueues(state: EmulatorState, env: EnvState, deployment: DeploymentState, now: Date): void {
  for (const task of deployment.tasks) {
    upsertQueueFromDeploy(state, env, "task", task.slug, clampDeclared(task.concurrencyLimit, env), now);
  }
  for (const queue of deployment.queues) {
    upsertQueueFromDeploy(state, env, "custom", sanitizeQueueName(queue.name), clampDeclared(queue.concurrencyLimit, env), now);
  }
}

function safeDescription(cron: string): string {
  try {
    return describeCron(cron);
  } catch {
    return "Custom schedule";
  }
}

/**
 * `syncDeclarativeSchedules`: one DECLARATIVE schedule per cron task of the worker in this environment; a sync
 * updates cron and timezone but never `active` (§3.5); declarative schedules of tasks the worker no longer
 * declares lose this environment's instance.
 */
export function syncDeclarativeSchedules(
  state: EmulatorState,
  project: ProjectState,
  envName: EnvironmentName,
  deployment: DeploymentState,
  now: Date,
): void {
  const cronTasks = deployment.tasks.filter((t) => t.scheduled && t.cron);
  for (const task of cronTasks) {
    const cron = task.cron as string;
    const existing = project.schedules.find(
      (s) => s.type === "DECLARATIVE" && s.task === task.slug && s.instances.includes(envName),
    );
    if (existing) {
      existing.cron = cron;
      existing.description = safeDescription(cron);
      existing.timezone = task.timezone ?? "UTC";
      continue;
    }
    project.schedules.push({
      id: nextId(state, "sched"),
      type: "DECLARATIVE",
      task: task.slug,
      cron,
      description: safeDescription(cron),
      timezone: task.timezone ?? "UTC",
      externalId: null,
      deduplicationKey: nextToken(state, "cuid", 25),
      userProvidedDeduplicationKey: false,
      window: null,
      active: true,
      createdAt: now.toISOString(),
      instances: [envName],
    });
  }
  const declared = new Set(cronTasks.map((t) => t.slug));
  for (const schedule of [...project.schedules]) {
    if (schedule.type !== "DECLARATIVE" || declared.has(schedule.task) || !schedule.instances.includes(envName)) continue;
    schedule.instances = schedule.instances.filter((e) => e !== envName);
    if (schedule.instances.length === 0) project.schedules.splice(project.schedules.indexOf(schedule), 1);
  }
}

function hasWorkerByDefault(status: DeploymentState["status"]): boolean {
  return status === "DEPLOYED" || status === "DEPLOYING";
}

/** The project's `envName` environment; a project without it is a caller's mistake (seed or admin input). */
function environmentOf(project: ProjectState, envName: EnvironmentName): EnvState {
  const env = project.environments[envName];
  if (!env) throw new Error(`Project ${project.ref} has no ${envName} environment`);
  return env;
}

/**
 * Adds a deployment like `trigger deploy --skip-promotion`: records it, and when it has a worker, writes its
 * queues. In dev the latest worker is current, so its declarative schedules are synced right away.
 */
export function addDeployment(
  state: EmulatorState,
  project: ProjectState,
  envName: EnvironmentName,
  seed: SeedDeployment,
  now: Date,
): DeploymentState {
  const env = environmentOf(project, envName);
  if (env.deployments.some((d) => d.version === seed.version)) {
    throw new Error(`Deployment ${seed.version} already exists in ${project.ref}/${envName}`);
  }
  const status = seed.status ?? "DEPLOYED";
  const createdAt = seed.createdAt ?? now.toISOString();
  const withWorker = seed.worker ?? hasWorkerByDefault(status);
  const tasks: TaskState[] = (seed.tasks ?? []).map((t) => ({
    id: nextToken(state, "task", 25),
    slug: t.id,
    filePath: t.filePath ?? `src/trigger/${t.id}.ts`,
    scheduled: t.scheduled ?? t.cron !== undefined,
    ...(t.cron !== undefined ? { cron: t.cron } : {}),
    ...(t.timezone !== undefined ? { timezone: t.timezone } : {}),
    concurrencyLimit: t.concurrencyLimit ?? null,
    queueConfig: t.concurrencyLimit !== undefined ? { concurrencyLimit: t.concurrencyLimit } : null,
    createdAt,
  }));
  const deployment: DeploymentState = {
    id: nextId(state, "deployment", 25),
    shortCode: nextToken(state, "shortcode", 8),
    version: seed.version,
    status,
    createdAt,
    deployedAt: status === "DEPLOYED" ? createdAt : null,
    seq: nextSeq(state, "deployment-seq"),
    workerId: withWorker ? nextId(state, "worker", 25) : null,
    contentHash: nextToken(state, "contenthash", 32),
    tasks,
    queues: (seed.queues ?? []).map((q) => ({ name: q.name, concurrencyLimit: q.concurrencyLimit ?? null })),
    ...(seed.git !== undefined ? { git: seed.git } : {}),
  };
  env.deployments.push(deployment);
  if (deployment.workerId) {
    syncQueues(state, env, deployment, now);
    if (envName === "dev") syncDeclarativeSchedules(state, project, envName, deployment, now);
  }
  return deployment;
}

/** Makes `deployment` the "current" promotion and re-syncs its declarative schedules (§5.5 step 7). */
export function promoteDeployment(
  state: EmulatorState,
  project: ProjectState,
  envName: EnvironmentName,
  deployment: DeploymentState,
  now: Date,
): void {
  const env = environmentOf(project, envName);
  env.current = deployment.version;
  syncDeclarativeSchedules(state, project, envName, deployment, now);
}
