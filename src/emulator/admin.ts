import type { QueueIdentity } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { EmulatorAdmin, SeedDeployment, SeedSchedule } from "./types.js";
import type { EmulatorState, EnvState, ProjectState } from "./state.js";
import { addDeployment, promoteDeployment } from "./deploy.js";
import { ownVars } from "./branch-vars.js";
import { deleteVariable, setVariable } from "./env-var-store.js";
import { DEV_USER_NAME, toScheduleObject, upsertScheduleDirect } from "./schedules.js";
import { overrideQueue } from "./queues.js";
import { normalizeRunStatus, runFromSeed, runsFromOutcomes } from "./runs.js";
import { stateToSeed } from "./snapshot.js";

/** What the admin needs from the running emulator. */
export interface AdminHost {
  state(): EmulatorState;
  /** Persist after an out-of-band change. */
  changed(): void;
}

/**
 * Out-of-band changes, as the dashboard or `trigger deploy` make them: no API validation, no request log
 * entries. Unknown projects, environments, queues or versions throw an Error naming them.
 */
export function createAdmin(host: AdminHost): EmulatorAdmin {
  const projectOf = (ref?: string): ProjectState => {
    const state = host.state();
    const project = ref === undefined ? state.projects[0] : state.projects.find((p) => p.ref === ref);
    if (!project) throw new Error(`Emulator has no project ${ref ?? "(none seeded)"}`);
    return project;
  };
  const envOf = (project: ProjectState, env: EnvironmentName): EnvState => {
    const e = project.environments[env];
    if (!e) throw new Error(`Project ${project.ref} has no ${env} environment in the emulator`);
    return e;
  };
  /** The environment, checking that `branch` (when given) is one of its preview branches. */
  const branchEnvOf = (project: ProjectState, env: EnvironmentName, branch: string | undefined) => {
    const e = envOf(project, env);
    if (branch !== undefined && !e.branches?.includes(branch)) throw new Error(`No branch "${branch}" in ${project.ref}/${env}`);
    return e;
  };
  const queueOf = (project: ProjectState, env: EnvironmentName, queue: QueueIdentity) => {
    const q = envOf(project, env).queues.find((x) => x.type === queue.type && x.name === queue.name);
    if (!q) throw new Error(`No ${queue.type} queue "${queue.name}" in ${project.ref}/${env}`);
    return q;
  };

  return {
    snapshot: () => stateToSeed(host.state()),
    setEnvVar(env, name, value, opts) {
      setVariable(ownVars(branchEnvOf(projectOf(opts?.projectRef), env, opts?.branch), opts?.branch), name, value, opts?.secret);
      host.changed();
    },
    deleteEnvVar(env, name, opts) {
      deleteVariable(ownVars(branchEnvOf(projectOf(opts?.projectRef), env, opts?.branch), opts?.branch), name);
      host.changed();
    },
    upsertSchedule(env: EnvironmentName, schedule: SeedSchedule, opts?: { projectRef?: string }) {
      const project = projectOf(opts?.projectRef);
      envOf(project, env);
      const stored = upsertScheduleDirect(host.state(), project, env, schedule, new Date());
      host.changed();
      return toScheduleObject(project, stored, "list", new Date()) as { id: string };
    },
    deleteSchedule(id, opts) {
      const project = projectOf(opts?.projectRef);
      const index = project.schedules.findIndex((s) => s.id === id);
      if (index < 0) throw new Error(`No schedule ${id} in project ${project.ref}`);
      project.schedules.splice(index, 1);
      host.changed();
    },
    overrideQueue(env, queue, limit, opts) {
      const q = queueOf(projectOf(opts?.projectRef), env, queue);
      overrideQueue(q, limit, null, opts?.by ?? DEV_USER_NAME, new Date());
      host.changed();
    },
    pauseQueue(env, queue, paused, opts) {
      queueOf(projectOf(opts?.projectRef), env, queue).paused = paused;
      host.changed();
    },
    addDeployment(env: EnvironmentName, deployment: SeedDeployment, opts?: { projectRef?: string }) {
      addDeployment(host.state(), projectOf(opts?.projectRef), env, deployment, new Date());
      host.changed();
    },
    addRuns(env, runs, opts) {
      const target = envOf(projectOf(opts?.projectRef), env);
      const now = new Date();
      const added = Array.isArray(runs)
        ? runs.map((r) => {
            if (!normalizeRunStatus(r.status)) throw new Error(`Unknown run status "${r.status}"`);
            return runFromSeed(host.state(), r, now);
          })
        : runsFromOutcomes(host.state(), target, runs, now, 0);
      target.runs.push(...added);
      host.changed();
      return added.map((r) => r.id);
    },
    promote(env, version, opts) {
      const project = projectOf(opts?.projectRef);
      const d = envOf(project, env).deployments.find((x) => x.version === version);
      if (!d) throw new Error(`No deployment ${version} in ${project.ref}/${env}`);
      promoteDeployment(host.state(), project, env, d, new Date());
      host.changed();
    },
  };
}
