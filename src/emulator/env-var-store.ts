import type { EnvironmentName } from "../model/environments.js";
import { allVarLists } from "./branch-vars.js";
import type { EnvState, EnvVarState, ProjectState } from "./state.js";

/**
 * Env var storage rules of the server's `EnvironmentVariablesRepository` (api-behaviour.md §2): blacklisted
 * names and blank names/values are dropped silently, and only an all-dropped write is an error.
 */

/** Names the server never stores nor lists (`removeBlacklistedVariables`, §2.1). */
export const BLACKLISTED_ENV_VARS: readonly string[] = ["TRIGGER_SECRET_KEY", "TRIGGER_API_URL"];

/** The redaction placeholder of secret values (§2.1). */
export const REDACTED = "<redacted>";

/** True when any environment (or branch) of the project has a value for `name` (the project-level row exists). */
export function existsInProject(project: ProjectState, name: string): boolean {
  return Object.values(project.environments).some((env) => env && allVarLists(env).some((list) => list.some((v) => v.name === name)));
}

/** The value of `name` in this environment, if any. */
export function findVar(env: Pick<EnvState, "envVars">, name: string): EnvVarState | undefined {
  return env.envVars.find((v) => v.name === name);
}

/**
 * The list endpoint's body: blacklist removed, secrets redacted (§2.1). Names are read back from secret-store
 * keys with `split(":")[3]`, so a name containing ":" is listed truncated (`A:B` as `A`) [inferred].
 */
export function redactedList(env: EnvState): { name: string; value: string; isSecret: boolean }[] {
  return env.envVars
    .filter((v) => !BLACKLISTED_ENV_VARS.includes(v.name))
    .map((v) => ({ name: v.name.split(":")[0] as string, value: v.isSecret ? REDACTED : v.value, isSecret: v.isSecret }));
}

/** Result of filtering submitted variables. */
export interface FilteredVariables {
  kept: { key: string; value: string }[];
  /** True when the blacklist removed something (changes the 400 message, §2.2). */
  blacklisted: boolean;
}

/** Drops blank names, blacklisted names and blank values, noting whether the blacklist removed something (§2.2). */
export function filterVariables(variables: { key: string; value: string }[]): FilteredVariables {
  let blacklisted = false;
  const kept: { key: string; value: string }[] = [];
  for (const v of variables) {
    if (v.key.trim() === "") continue;
    if (BLACKLISTED_ENV_VARS.includes(v.key)) {
      blacklisted = true;
      continue;
    }
    if (v.value.trim() === "") continue;
    kept.push(v);
  }
  return { kept, blacklisted };
}

/** The 400 message when nothing valid remains (§2.2). */
export function nothingLeftMessage(filtered: FilteredVariables): string {
  return filtered.blacklisted
    ? "You must set at least one valid variable. All the variables submitted are not allowed."
    : "You must set at least one valid variable.";
}

/**
 * Writes values with override semantics: an existing value is overwritten (skipped when unchanged), its secret
 * flag updated only when `isSecret` is given (§2.2).
 */
export function writeVariables(
  env: Pick<EnvState, "envVars">,
  variables: { key: string; value: string }[],
  isSecret: boolean | undefined,
  /** The secret flag a new value takes when `isSecret` is omitted (a branch import: the parent's, §2.3). */
  newSecret: (name: string) => boolean = () => false,
): void {
  for (const { key, value } of variables) {
    const existing = findVar(env, key);
    if (existing) {
      const secret = isSecret ?? existing.isSecret;
      if (existing.value === value && existing.isSecret === secret) continue;
      existing.value = value;
      existing.isSecret = secret;
      existing.version += 1;
    } else {
      env.envVars.push({ name: key, value, isSecret: isSecret ?? newSecret(key), version: 1 });
    }
  }
}

/** Sets a value directly (admin / dashboard), creating or overwriting it. */
export function setVariable(env: Pick<EnvState, "envVars">, name: string, value: string, secret: boolean | undefined): void {
  const existing = findVar(env, name);
  if (existing) {
    existing.value = value;
    if (secret !== undefined) existing.isSecret = secret;
    existing.version += 1;
  } else {
    env.envVars.push({ name, value, isSecret: secret ?? false, version: 1 });
  }
}

/** Removes a value; true when there was one. */
export function deleteVariable(env: Pick<EnvState, "envVars">, name: string): boolean {
  const index = env.envVars.findIndex((v) => v.name === name);
  if (index < 0) return false;
  env.envVars.splice(index, 1);
  return true;
}

/**
 * The runtime endpoint's variables (§2.7): decrypted values, secrets included, with the server's built-ins
 * mixed in (they win over user values of the same name).
 */
export function runtimeVariables(
  project: ProjectState,
  envName: EnvironmentName,
  env: EnvState,
  baseUrl: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of env.envVars) {
    if (BLACKLISTED_ENV_VARS.includes(v.name)) continue;
    out[v.name === "OTEL_RESOURCE_ATTRIBUTES" ? "CUSTOM_OTEL_RESOURCE_ATTRIBUTES" : v.name] = v.value;
  }
  Object.assign(out, {
    TRIGGER_SECRET_KEY: env.apiKey,
    TRIGGER_API_URL: baseUrl,
    TRIGGER_STREAM_URL: baseUrl,
    TRIGGER_ORG_ID: `org_${project.id.slice(0, 20)}`,
    TRIGGER_PROJECT_REF: project.ref,
    TRIGGER_ENV_SLUG: envName === "staging" ? "stg" : envName,
    OTEL_EXPORTER_OTLP_ENDPOINT: `${baseUrl}/otel`,
    OTEL_EXPORTER_OTLP_COMPRESSION: "none",
    OTEL_BATCH_PROCESSOR_MAX_EXPORT_BATCH_SIZE: "64",
    OTEL_LOG_RECORD_PROCESSOR_MAX_EXPORT_BATCH_SIZE: "64",
    TRIGGER_OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: "1024",
    TRIGGER_OTEL_LOG_ATTRIBUTE_COUNT_LIMIT: "1024",
  });
  return out;
}
