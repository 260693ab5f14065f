import type { QueueType } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import { deterministicId } from "./random.js";

/**
 * The emulator's internal state: plain JSON, so it can be persisted to `statePath` as-is. Shapes follow the
 * server's data model where it matters for behaviour (api-behaviour.md): env var values per environment,
 * schedules per project with instances per environment (§3.2 dedup is project-wide), queues per environment
 * (never deleted, §4.2), deployments and one "current" promotion per environment (§5.1).
 */
export interface EmulatorState {
  /** Format marker of a persisted state file. */
  format: "trigger-iac-emulator-state";
  version: 1;
  /** Counters behind deterministic ids. */
  counters: Record<string, number>;
  personalAccessTokens: { token: string; projects?: string[] }[];
  projects: ProjectState[];
}

/** One project: its environments and its schedules (dedup keys are unique per project, §3.2). */
export interface ProjectState {
  id: string;
  ref: string;
  name: string;
  scheduleLimit: number;
  environments: Partial<Record<EnvironmentName, EnvState>>;
  schedules: ScheduleState[];
}

/** One environment of a project. */
export interface EnvState {
  id: string;
  shortcode: string;
  apiKey: string;
  /** Scoped additional keys (absent in state files written before they existed). */
  additionalKeys?: { key: string; scopes: string[] }[];
  /** Preview only: branch names a preview key may name in `x-trigger-branch` (absent: none). */
  branches?: string[];
  /** Preview only: each branch's own env var values (it inherits `envVars`); absent: none. */
  branchEnvVars?: Record<string, EnvVarState[]>;
  maximumConcurrencyLimit: number;
  /** Dev only: the owning org member's name (schedules' `environments[].userName`). */
  ownerName?: string;
  /** Insertion-ordered; the list endpoint returns them in this order. */
  envVars: EnvVarState[];
  /** Oldest first. */
  deployments: DeploymentState[];
  /** Version of the deployment promoted with label "current". */
  current: string | null;
  queues: QueueState[];
  runs: RunState[];
}

/** One env var value in one environment. */
export interface EnvVarState {
  name: string;
  value: string;
  isSecret: boolean;
  version: number;
}

/** A task as a deployment's worker declares it. */
export interface TaskState {
  id: string;
  slug: string;
  filePath: string;
  scheduled: boolean;
  cron?: string;
  timezone?: string;
  concurrencyLimit: number | null;
  /**
   * The queue options the task declared, stored as the deploy sent them (`BackgroundWorkerTask.queueConfig`);
   * null when it declared none. Absent in state files written before it was kept.
   */
  queueConfig?: { concurrencyLimit: number | null } | null;
  createdAt: string;
}

/** One deployment (`WorkerDeployment`), with its worker's tasks and custom queues. */
export interface DeploymentState {
  id: string;
  shortCode: string;
  version: string;
  status: "PENDING" | "BUILDING" | "DEPLOYING" | "DEPLOYED" | "FAILED" | "CANCELED" | "TIMED_OUT";
  createdAt: string;
  deployedAt: string | null;
  /** Global sequence across the project: "latest" means highest seq. */
  seq: number;
  workerId: string | null;
  contentHash: string;
  tasks: TaskState[];
  queues: { name: string; concurrencyLimit: number | null }[];
  /** undefined: not reported; null: deployed outside a git repo (§5.2 SDK pitfall). */
  git?: Record<string, string> | null;
}

/** One queue record (`TaskQueue`); `base` holds the pre-override limit while overridden (§4.3). */
export interface QueueState {
  id: string;
  type: QueueType;
  /** Name as returned by the API: the task id for task queues (stored server-side as `task/<id>`). */
  name: string;
  concurrencyLimit: number | null;
  base: number | null;
  overriddenAt: string | null;
  overriddenBy: string | null;
  percent: number | null;
  paused: boolean;
  createdAt: string;
}

/** One schedule (`TaskSchedule`) and the environments it has instances in. */
export interface ScheduleState {
  id: string;
  type: "IMPERATIVE" | "DECLARATIVE";
  task: string;
  cron: string;
  description: string;
  timezone: string;
  externalId: string | null;
  deduplicationKey: string;
  userProvidedDeduplicationKey: boolean;
  window: string | null;
  active: boolean;
  createdAt: string;
  /** Environments this schedule has an instance in. */
  instances: EnvironmentName[];
}

/** One run, as the runs endpoints report it. */
export interface RunState {
  id: string;
  task: string;
  status: string;
  version: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  isTest: boolean;
  tags: string[];
}

/** Next deterministic id with the given prefix, e.g. `sched_…`. */
export function nextId(state: EmulatorState, prefix: string, length = 21): string {
  const n = (state.counters[prefix] ?? 0) + 1;
  state.counters[prefix] = n;
  return `${prefix}_${deterministicId(prefix, n, length)}`;
}

/** Next bare deterministic token (no prefix), e.g. a dedup key or short code. */
export function nextToken(state: EmulatorState, kind: string, length: number): string {
  const n = (state.counters[kind] ?? 0) + 1;
  state.counters[kind] = n;
  return deterministicId(kind, n, length);
}

/** Next value of a plain counter. */
export function nextSeq(state: EmulatorState, kind: string): number {
  const n = (state.counters[kind] ?? 0) + 1;
  state.counters[kind] = n;
  return n;
}

/** The project with this external ref. */
export function findProject(state: EmulatorState, ref: string): ProjectState | undefined {
  return state.projects.find((p) => p.ref === ref);
}

/**
 * The project and environment a secret key belongs to (exact match, as the server does, §1.1); scoped
 * additional keys also return their scopes (root keys have none: they are permissive).
 */
export function findEnvByApiKey(
  state: EmulatorState,
  key: string,
): { project: ProjectState; envName: EnvironmentName; env: EnvState; scopes?: string[] } | undefined {
  for (const project of state.projects) {
    for (const [envName, env] of Object.entries(project.environments) as [EnvironmentName, EnvState][]) {
      if (env.apiKey === key) return { project, envName, env };
      const additional = env.additionalKeys?.find((k) => k.key === key);
      if (additional) return { project, envName, env, scopes: additional.scopes };
    }
  }
  return undefined;
}

/** The latest deployment (highest seq) of an environment, or undefined. */
export function latestDeployment(env: EnvState): DeploymentState | undefined {
  let best: DeploymentState | undefined;
  for (const d of env.deployments) if (!best || d.seq > best.seq) best = d;
  return best;
}

/**
 * The environment's current worker (`findCurrentWorkerFromEnvironment`): for dev the latest deployment with a
 * worker, elsewhere the deployment promoted as "current" (§3.3, §5.1).
 */
export function currentWorkerDeployment(envName: EnvironmentName, env: EnvState): DeploymentState | undefined {
  if (envName === "dev") {
    let best: DeploymentState | undefined;
    for (const d of env.deployments) if (d.workerId && (!best || d.seq > best.seq)) best = d;
    return best;
  }
  if (!env.current) return undefined;
  return env.deployments.find((d) => d.version === env.current);
}

/**
 * The latest declaration of a task anywhere in the project (the schedule checks are project-wide, §3.2):
 * the task from the newest deployment that declares it.
 */
export function latestTaskInProject(project: ProjectState, taskId: string): TaskState | undefined {
  let best: { seq: number; task: TaskState } | undefined;
  for (const env of Object.values(project.environments)) {
    if (!env) continue;
    for (const d of env.deployments) {
      const task = d.tasks.find((t) => t.slug === taskId);
      if (task && (!best || d.seq > best.seq)) best = { seq: d.seq, task };
    }
  }
  return best?.task;
}

/** Environments of a project in a stable order, with their names. */
export function projectEnvs(project: ProjectState): [EnvironmentName, EnvState][] {
  const order: EnvironmentName[] = ["dev", "staging", "prod", "preview"];
  const out: [EnvironmentName, EnvState][] = [];
  for (const name of order) {
    const env = project.environments[name];
    if (env) out.push([name, env]);
  }
  return out;
}
