import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { EnvironmentName } from "../model/environments.js";
import { ENVIRONMENT_NAMES, SECRET_KEY_PREFIX, isEnvironmentName } from "../model/environments.js";
import type { EmulatorSeed, SeedEnvironment, SeedQueue } from "./types.js";
import type { EmulatorState, EnvState, EnvVarState, ProjectState } from "./state.js";
import { normalizeRunStatus, runFromSeed, runOutcomesProblem, runsFromOutcomes } from "./runs.js";
import { nextToken } from "./state.js";
import { addDeployment, newQueueRecord, promoteDeployment, sanitizeQueueName } from "./deploy.js";
import { upsertScheduleDirect } from "./schedules.js";
import { isRecord } from "../util/objects.js";

function fail(path: string, message: string): never {
  throw new Error(`Invalid emulator seed: ${path} ${message}`);
}

/** Checks a seed's shape and keys; throws an Error naming the bad path. */
export function validateSeed(seed: unknown): EmulatorSeed {
  if (!isRecord(seed)) fail("(root)", "must be an object with a projects list");
  if (!Array.isArray(seed.projects) || seed.projects.length === 0) fail("projects", "must be a non-empty list");
  const keys = new Set<string>();
  const refs = new Set<string>();
  seed.projects.forEach((project: unknown, i: number) => {
    const at = `projects[${i}]`;
    if (!isRecord(project)) fail(at, "must be an object");
    if (typeof project.ref !== "string" || project.ref === "") fail(`${at}.ref`, "must be a non-empty string");
    if (refs.has(project.ref)) fail(`${at}.ref`, `"${project.ref}" is used twice`);
    refs.add(project.ref);
    if (!isRecord(project.environments)) fail(`${at}.environments`, "must be an object keyed by dev|staging|prod|preview");
    for (const [name, env] of Object.entries(project.environments)) {
      const envAt = `${at}.environments.${name}`;
      if (!isEnvironmentName(name)) fail(envAt, `is not an environment name (use ${ENVIRONMENT_NAMES.join(", ")})`);
      if (!isRecord(env)) fail(envAt, "must be an object");
      const prefix = SECRET_KEY_PREFIX[name];
      if (typeof env.apiKey !== "string" || !env.apiKey.startsWith(prefix) || env.apiKey.length <= prefix.length) {
        fail(`${envAt}.apiKey`, `must be a secret key starting with "${prefix}"`);
      }
      if (keys.has(env.apiKey)) fail(`${envAt}.apiKey`, "is used by another environment");
      keys.add(env.apiKey);
      const additional: unknown[] = Array.isArray(env.additionalKeys) ? env.additionalKeys : [];
      additional.forEach((k, j) => {
        const kAt = `${envAt}.additionalKeys[${j}]`;
        if (!isRecord(k) || typeof k.key !== "string" || !new RegExp(`^${prefix}sk_[0-9a-zA-Z]{24}$`).test(k.key)) {
          fail(`${kAt}.key`, `must match ${prefix}sk_ followed by 24 letters or digits`);
        }
        if (!Array.isArray(k.scopes) || !k.scopes.every((x) => typeof x === "string")) fail(`${kAt}.scopes`, "must be a list of scopes such as read:envvars");
        if (keys.has(k.key)) fail(`${kAt}.key`, "is used twice");
        keys.add(k.key);
      });
      if (env.branches !== undefined) {
        if (name !== "preview") fail(`${envAt}.branches`, "is only allowed on the preview environment");
        if (!Array.isArray(env.branches) || !env.branches.every((b) => typeof b === "string" && b.trim() !== "")) {
          fail(`${envAt}.branches`, "must be a list of branch names");
        }
      }
      if (env.ownerName !== undefined) {
        if (name !== "dev") fail(`${envAt}.ownerName`, "is only allowed on the dev environment");
        if (typeof env.ownerName !== "string" || env.ownerName.trim() === "") fail(`${envAt}.ownerName`, "must be a non-empty string");
      }
      if (env.branchEnvVars !== undefined) {
        if (!isRecord(env.branchEnvVars)) fail(`${envAt}.branchEnvVars`, "must be an object keyed by branch name");
        for (const branch of Object.keys(env.branchEnvVars)) {
          if (!Array.isArray(env.branches) || !env.branches.includes(branch)) fail(`${envAt}.branchEnvVars.${branch}`, "names a branch not listed in branches");
        }
      }
      for (const run of Array.isArray(env.runs) ? env.runs : []) {
        const status = isRecord(run) && typeof run.status === "string" ? run.status : "";
        if (!normalizeRunStatus(status)) fail(`${envAt}.runs`, `has an unknown run status "${status}"`);
      }
      if (env.runOutcomes !== undefined && !Array.isArray(env.runOutcomes)) fail(`${envAt}.runOutcomes`, "must be a list");
      (Array.isArray(env.runOutcomes) ? env.runOutcomes : []).forEach((o: unknown, j: number) => {
        const problem = runOutcomesProblem(o);
        if (problem) fail(`${envAt}.runOutcomes[${j}]`, problem);
      });
    }
  });
  if (seed.personalAccessTokens !== undefined) {
    if (!Array.isArray(seed.personalAccessTokens)) fail("personalAccessTokens", "must be a list");
    seed.personalAccessTokens.forEach((pat: unknown, i: number) => {
      if (!isRecord(pat) || typeof pat.token !== "string" || !/^tr_(pat|oat)_/.test(pat.token)) {
        fail(`personalAccessTokens[${i}].token`, 'must start with "tr_pat_" (or "tr_oat_")');
      }
    });
  }
  return seed as unknown as EmulatorSeed;
}

/** Reads a JSON (`.json`) or YAML seed file and validates it. */
export function loadSeedFile(path: string): EmulatorSeed {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read emulator seed file ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = path.toLowerCase().endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`Cannot parse emulator seed file ${path}: ${(error as Error).message}`);
  }
  return validateSeed(data);
}

/** Applies seeded queue state (overrides, pauses) on top of what deployments declared. */
export function applySeedQueue(state: EmulatorState, env: EnvState, q: SeedQueue, now: Date): void {
  const name = q.type === "custom" ? sanitizeQueueName(q.name) : q.name;
  let queue = env.queues.find((x) => x.type === q.type && x.name === name);
  if (!queue) {
    queue = newQueueRecord(state, q.type, name, null, now);
    env.queues.push(queue);
  }
  if (q.paused !== undefined) queue.paused = q.paused;
  if (q.override !== undefined) {
    if (!queue.overriddenAt) queue.base = queue.concurrencyLimit;
    queue.concurrencyLimit = q.override;
    queue.overriddenAt = q.overriddenAt ?? now.toISOString();
    queue.overriddenBy = q.overriddenBy ?? null;
  }
}

/** Seeded env var values (a plain string, or `{ value, secret }`) as stored values. */
function varsFromSeed(vars: Record<string, string | { value: string; secret?: boolean }> | undefined): EnvVarState[] {
  return Object.entries(vars ?? {}).map(([name, v]) => ({
    name,
    value: typeof v === "string" ? v : v.value,
    isSecret: typeof v === "string" ? false : v.secret ?? false,
    version: 1,
  }));
}

function envFromSeed(state: EmulatorState, seed: SeedEnvironment): EnvState {
  const envVars = varsFromSeed(seed.envVars);
  return {
    id: nextToken(state, "env", 25),
    shortcode: nextToken(state, "envshortcode", 6),
    apiKey: seed.apiKey,
    additionalKeys: (seed.additionalKeys ?? []).map((k) => ({ key: k.key, scopes: [...k.scopes] })),
    ...(seed.branches ? { branches: [...seed.branches] } : {}),
    ...(seed.branchEnvVars
      ? { branchEnvVars: Object.fromEntries(Object.entries(seed.branchEnvVars).map(([b, vars]) => [b, varsFromSeed(vars)])) }
      : {}),
    maximumConcurrencyLimit: seed.maximumConcurrencyLimit ?? 100,
    ...(seed.ownerName !== undefined ? { ownerName: seed.ownerName } : {}),
    envVars,
    deployments: [],
    current: null,
    queues: [],
    runs: [],
  };
}

/** Builds a fresh state from a (validated) seed: deployments in order, then promotion, schedules, queues, runs. */
export function seedToState(input: EmulatorSeed, now: Date = new Date()): EmulatorState {
  const seed = validateSeed(input);
  const state: EmulatorState = {
    format: "trigger-iac-emulator-state",
    version: 1,
    counters: {},
    personalAccessTokens: (seed.personalAccessTokens ?? []).map((p) => ({ ...p })),
    projects: [],
  };
  for (const sp of seed.projects) {
    const project: ProjectState = {
      id: nextToken(state, "project", 25),
      ref: sp.ref,
      name: sp.name ?? sp.ref,
      scheduleLimit: sp.scheduleLimit ?? 100_000_000,
      environments: {},
      schedules: [],
    };
    state.projects.push(project);
    for (const envName of ENVIRONMENT_NAMES) {
      const se = sp.environments[envName];
      if (se) project.environments[envName] = envFromSeed(state, se);
    }
    for (const envName of ENVIRONMENT_NAMES) {
      const se = sp.environments[envName];
      const env = project.environments[envName];
      if (!se || !env) continue;
      for (const d of se.deployments ?? []) addDeployment(state, project, envName as EnvironmentName, d, now);
      if (se.current) {
        const dep = env.deployments.find((d) => d.version === se.current);
        if (!dep) fail(`projects.${sp.ref}.environments.${envName}.current`, `names version ${se.current}, which is not among its deployments`);
        promoteDeployment(state, project, envName, dep, now);
      }
      for (const s of se.schedules ?? []) upsertScheduleDirect(state, project, envName, s, now);
      for (const q of se.queues ?? []) applySeedQueue(state, env, q, now);
      for (const r of se.runs ?? []) env.runs.push(runFromSeed(state, r, now));
      for (const o of se.runOutcomes ?? []) env.runs.push(...runsFromOutcomes(state, env, o, now));
    }
  }
  return state;
}

