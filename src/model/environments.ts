/** The four environment names a config file may declare, in apply and display order. */
export const ENVIRONMENT_NAMES = ["dev", "staging", "prod", "preview"] as const;

/** An environment name as written in the config file and in plan addresses. */
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** True when `name` is one of {@link ENVIRONMENT_NAMES}. */
export function isEnvironmentName(name: string): name is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(name);
}

/**
 * Secret-key prefix per environment. The real server derives the environment from the key itself and
 * silently acts on the key's own environment whatever the URL says (api-behaviour.md §1.3), so the client
 * refuses a key whose prefix does not match the environment it is about to act on.
 */
export const SECRET_KEY_PREFIX: Readonly<Record<EnvironmentName, string>> = {
  dev: "tr_dev_",
  staging: "tr_stg_",
  prod: "tr_prod_",
  preview: "tr_preview_",
};

/**
 * Prefixes of the Trigger.dev tokens that are not environment keys: personal (`tr_pat_`), organization
 * (`tr_oat_`) and user-actor (`tr_uat_`) access tokens (api-behaviour.md §1.1).
 */
export const ACCESS_TOKEN_PREFIXES: readonly string[] = ["tr_pat_", "tr_oat_", "tr_uat_"];

/** Every Trigger.dev credential prefix: access tokens and environment secret keys. */
export const CREDENTIAL_PREFIXES: readonly string[] = [...ACCESS_TOKEN_PREFIXES, ...Object.values(SECRET_KEY_PREFIX)];

/** The environment a secret key belongs to, from its prefix; undefined for anything else (PATs included). */
export function environmentOfSecretKey(key: string): EnvironmentName | undefined {
  return ENVIRONMENT_NAMES.find((env) => key.startsWith(SECRET_KEY_PREFIX[env]));
}

/** Slug used in `/api/v1/projects/{ref}/envvars/{slug}` (the database slug; `staging` is stored as `stg`). */
export const ENV_VAR_SLUG: Readonly<Record<EnvironmentName, string>> = {
  dev: "dev",
  staging: "stg",
  prod: "prod",
  preview: "preview",
};

/** Environment `type` as the API reports it in schedule `environments[]` and elsewhere. */
export const ENVIRONMENT_TYPE: Readonly<Record<EnvironmentName, "DEVELOPMENT" | "STAGING" | "PRODUCTION" | "PREVIEW">> = {
  dev: "DEVELOPMENT",
  staging: "STAGING",
  prod: "PRODUCTION",
  preview: "PREVIEW",
};

/** Human title the server uses in messages (`Variable already set in Production.`). */
export const ENVIRONMENT_TITLE: Readonly<Record<EnvironmentName, string>> = {
  dev: "Development",
  staging: "Staging",
  prod: "Production",
  preview: "Preview",
};
