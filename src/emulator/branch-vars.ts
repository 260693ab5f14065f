import type { EnvState, EnvVarState } from "./state.js";

/**
 * Preview branches as child environments, for env vars (api-behaviour.md §1.1, §2): a branch has its own values
 * (written by requests carrying `x-trigger-branch`) and inherits the preview environment's. Lists and reads merge
 * both, the child's value winning and a variable secret on either side reading back secret (§2.1); writes and
 * deletes act on the branch's own values only (§2.6: deleting an inherited one is a 400).
 */

/** The values a write acts on: the branch's own (created on first use), or the environment's. */
export function ownVars(env: EnvState, branch: string | undefined): { envVars: EnvVarState[] } {
  if (branch === undefined) return env;
  const byBranch = (env.branchEnvVars ??= {});
  return { envVars: (byBranch[branch] ??= []) };
}

/**
 * What a read sees: for a branch, the parent's variables merged with the branch's own, parent keys first (the
 * server merges the child over the parent through a Map, §2.1). Copies: changing them changes nothing.
 */
export function visibleVars(env: EnvState, branch: string | undefined): EnvState {
  if (branch === undefined) return env;
  const merged = new Map<string, EnvVarState>();
  for (const v of env.envVars) merged.set(v.name, { ...v });
  for (const v of env.branchEnvVars?.[branch] ?? []) {
    const parent = merged.get(v.name);
    merged.set(v.name, { ...v, isSecret: v.isSecret || (parent?.isSecret ?? false) });
  }
  return { ...env, envVars: [...merged.values()] };
}

/** Every environment's (and branch's) values of a project environment, for the project-wide existence check. */
export function allVarLists(env: EnvState): EnvVarState[][] {
  return [env.envVars, ...Object.values(env.branchEnvVars ?? {})];
}
