import type { EmulatorSeed, SeedEnvironment, SeedProject } from "./types.js";
import type { EmulatorState, EnvState } from "./state.js";
import { projectEnvs } from "./state.js";

/**
 * The state as a seed (EmulatorAdmin.snapshot): what a test can assert on, or save and start from again.
 * Deep copies only, so callers cannot change the live state through it.
 */
export function stateToSeed(state: EmulatorState): EmulatorSeed {
  const projects: SeedProject[] = state.projects.map((project) => {
    const environments: SeedProject["environments"] = {};
    for (const [envName, env] of projectEnvs(project)) {
      const seedEnv: SeedEnvironment = {
        apiKey: env.apiKey,
        ...(env.additionalKeys && env.additionalKeys.length > 0 ? { additionalKeys: env.additionalKeys.map((k) => ({ key: k.key, scopes: [...k.scopes] })) } : {}),
        ...(env.branches && env.branches.length > 0 ? { branches: [...env.branches] } : {}),
        ...branchVarsSeed(env),
        maximumConcurrencyLimit: env.maximumConcurrencyLimit,
        ...(env.ownerName !== undefined ? { ownerName: env.ownerName } : {}),
        envVars: Object.fromEntries(env.envVars.map((v) => [v.name, { value: v.value, secret: v.isSecret }])),
        deployments: env.deployments.map((d) => ({
          version: d.version,
          status: d.status,
          createdAt: d.createdAt,
          worker: d.workerId !== null,
          tasks: d.tasks.map((t) => ({
            id: t.slug,
            scheduled: t.scheduled,
            ...(t.cron !== undefined ? { cron: t.cron } : {}),
            ...(t.timezone !== undefined ? { timezone: t.timezone } : {}),
            // A task that declared no queue options seeds back without a limit (its queueConfig stays null).
            ...(t.queueConfig !== null ? { concurrencyLimit: t.concurrencyLimit } : {}),
            filePath: t.filePath,
          })),
          queues: d.queues.map((q) => ({ ...q })),
          ...(d.git !== undefined ? { git: d.git === null ? null : { ...d.git } } : {}),
        })),
        ...(env.current ? { current: env.current } : {}),
        schedules: project.schedules
          .filter((s) => s.instances.includes(envName))
          .map((s) => ({
            id: s.id,
            type: s.type,
            task: s.task,
            cron: s.cron,
            timezone: s.timezone,
            externalId: s.externalId,
            ...(s.userProvidedDeduplicationKey ? { deduplicationKey: s.deduplicationKey } : {}),
            active: s.active,
            createdAt: s.createdAt,
          })),
        queues: env.queues.map((q) => ({
          type: q.type,
          name: q.name,
          paused: q.paused,
          ...(q.overriddenAt !== null && q.concurrencyLimit !== null
            ? { override: q.concurrencyLimit, overriddenBy: q.overriddenBy, overriddenAt: q.overriddenAt }
            : {}),
        })),
        runs: env.runs.map((r) => ({
          id: r.id,
          task: r.task,
          status: r.status,
          ...(r.version !== null ? { version: r.version } : {}),
          createdAt: r.createdAt,
          isTest: r.isTest,
          tags: [...r.tags],
        })),
      };
      environments[envName] = seedEnv;
    }
    return { ref: project.ref, name: project.name, scheduleLimit: project.scheduleLimit, environments };
  });
  return { personalAccessTokens: state.personalAccessTokens.map((p) => ({ ...p, ...(p.projects ? { projects: [...p.projects] } : {}) })), projects };
}

/** The branches' own env var values (`branchEnvVars`), branches without any left out. */
function branchVarsSeed(env: EnvState): Pick<SeedEnvironment, "branchEnvVars"> {
  const entries = Object.entries(env.branchEnvVars ?? {}).filter(([, vars]) => vars.length > 0);
  if (entries.length === 0) return {};
  return {
    branchEnvVars: Object.fromEntries(entries.map(([b, vars]) => [b, Object.fromEntries(vars.map((v) => [v.name, { value: v.value, secret: v.isSecret }]))])),
  };
}
