import type { EnvironmentName } from "../model/environments.js";
import { ENV_VAR_SLUG } from "../model/environments.js";
import type { EmulatorState, EnvState, ProjectState } from "./state.js";
import { findEnvByApiKey, findProject } from "./state.js";
import type { RouteResponse } from "./http.js";
import { error } from "./http.js";

/**
 * Credentials and "which credential works where" (api-behaviour.md §1.1, §1.3, §2.8). The environment comes
 * from an exact key lookup, never from the prefix.
 */
export type Credential =
  | { kind: "none" }
  /** `Authorization` present but no token after `Bearer `. */
  | { kind: "empty" }
  /**
   * `scopes` is set for scoped additional keys only; root keys are permissive. For a preview key, `branch` is
   * the known branch it pivots to, or `branchError` the 401 message every route that authenticates with it sends.
   */
  | {
      kind: "secretKey";
      project: ProjectState;
      envName: EnvironmentName;
      env: EnvState;
      scopes?: string[];
      branch?: string;
      branchError?: string;
    }
  | { kind: "pat"; token: string; projects?: string[] }
  | { kind: "invalid" };

/** The environment a secret key resolved to. */
export interface KeyEnv {
  project: ProjectState;
  envName: EnvironmentName;
  env: EnvState;
  /**
   * Env var routes only: the preview branch the request acts on (a child environment of `env` with its own
   * variables, inheriting the parent's, api-behaviour.md §1.1, §2.1).
   */
  branch?: string;
}

/**
 * Resolves the Authorization header (`replace(/^Bearer /,"")`, §1.1) and, for a preview key, the
 * `x-trigger-branch` header (`resolveBranch`, §1.1). PATs are unaffected by the header.
 */
export function resolveCredential(state: EmulatorState, header: string | undefined, branchHeader?: string | string[]): Credential {
  if (header === undefined) return { kind: "none" };
  const token = header.replace(/^Bearer /, "").trim();
  if (token === "" || token === "Bearer") return { kind: "empty" };
  if (token.startsWith("tr_pat_") || token.startsWith("tr_oat_")) {
    const pat = state.personalAccessTokens.find((p) => p.token === token);
    return pat ? { kind: "pat", token, ...(pat.projects ? { projects: pat.projects } : {}) } : { kind: "invalid" };
  }
  const found = findEnvByApiKey(state, token);
  if (!found) return { kind: "invalid" };
  if (found.envName !== "preview") return { kind: "secretKey", ...found };
  // A preview key requires the header and pivots to the named branch environment (§1.1). Branch environments are
  // modelled for env vars (own values, the parent's inherited); other collections share the preview state.
  const branch = sanitizeBranchHeader(Array.isArray(branchHeader) ? branchHeader[0] : branchHeader);
  if (branch === undefined) return { kind: "secretKey", ...found, branchError: "x-trigger-branch header required for preview env" };
  if (!found.env.branches?.includes(branch)) return { kind: "secretKey", ...found, branchError: "No matching branch env" };
  return { kind: "secretKey", ...found, branch };
}

/** The server's `sanitizeBranchName` (§1.1, §1.5): `refs/heads/` is stripped, any other `refs/…` value dropped. */
export function sanitizeBranchHeader(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const branch = trimmed.startsWith("refs/heads/") ? trimmed.slice("refs/heads/".length) : trimmed;
  return branch === "" || branch.startsWith("refs/") ? undefined : branch;
}

/** The 401 for a preview key without a known branch (§1.1), on any route that authenticates with the key. */
export function branchRefusal(credential: Credential): RouteResponse | undefined {
  return credential.kind === "secretKey" && credential.branchError !== undefined ? error(401, credential.branchError) : undefined;
}

/** A permission as the RBAC scopes name it: `action:type[:id]` (§1.1). */
export interface Scope {
  action: "read" | "write";
  type: string;
  id?: string;
}

/** True when a key's scopes grant `scope` (`admin` is the wildcard; root keys have no scopes and pass). */
export function hasScope(scopes: string[] | undefined, scope: Scope): boolean {
  if (scopes === undefined) return true;
  return scopes.some(
    (s) => s === "admin" || s === `${scope.action}:${scope.type}` || (scope.id !== undefined && s === `${scope.action}:${scope.type}:${scope.id}`),
  );
}

/** The apiBuilder's scope failure (§1.4). */
export const SCOPE_FORBIDDEN: RouteResponse = {
  status: 403,
  body: { error: "Unauthorized", code: "unauthorized", param: "access_token", type: "authorization" },
};

/**
 * `authenticateAuthorizeBearer`'s 403 (`internal-packages/rbac/src/fallback.ts`), used by the routes on
 * `authenticateApiKeyWithScope` (deployments retrieve, latest, promote): the bare error, no code/param/type.
 */
export const BEARER_FORBIDDEN: RouteResponse = { status: 403, body: { error: "Unauthorized" } };

/** The bearer resolver's 401 for a token that names no environment (`internal-packages/rbac/src/bearerCredentials.ts`). */
export const INVALID_API_KEY_ERROR = "Invalid API key";

/**
 * Secret-key-only routes; `message` is the route family's 401 text for an empty token. The bearer resolver
 * answers a token it cannot look up (a PAT included) with "Invalid API key" (`bearerCredentials.ts`). With
 * `scope`, a scoped key lacking it gets the apiBuilder 403, or `scopeRefusal` where the route says so. With
 * `legacy`, every failure is `message`: `authenticateApiRequest` returns nothing when `findEnvironmentByApiKey`
 * (`models/runtimeEnvironment.server.ts`) finds no environment, which includes a preview key without a known
 * branch and a restricted key, and the schedule routes then send their one 401 (§1.1).
 */
export function requireSecretKey(
  credential: Credential,
  message: string,
  check?: { scope?: Scope; legacy?: boolean; scopeRefusal?: RouteResponse },
): KeyEnv | RouteResponse {
  if (check?.legacy) {
    const restricted = credential.kind === "secretKey" && credential.scopes !== undefined && !credential.scopes.includes("admin");
    if (credential.kind !== "secretKey" || credential.branchError !== undefined || restricted) return error(401, message);
  }
  if (credential.kind === "none" || credential.kind === "empty") return error(401, message);
  if (credential.kind !== "secretKey") return error(401, INVALID_API_KEY_ERROR);
  const refused = branchRefusal(credential);
  if (refused) return refused;
  if (check?.scope && !hasScope(credential.scopes, check.scope)) return check.scopeRefusal ?? SCOPE_FORBIDDEN;
  return { project: credential.project, envName: credential.envName, env: credential.env };
}

/** Legacy authenticator of the schedule routes: note the capital "K" (§3.2 step 1). */
export const LEGACY_AUTH_ERROR = "Invalid or Missing API Key";
/** apiBuilder routes (queues, deployments, runs). */
export const API_KEY_ERROR = "Invalid or Missing API key";
/** PAT-only routes. */
export const ACCESS_TOKEN_ERROR = "Invalid or Missing Access Token";

/** A secret key of another project on a route with `{projectRef}` (`authenticatedEnvironmentForAuthentication`, §1.3). */
export const INVALID_PROJECT_REF = "Invalid project ref for this API key. Make sure you are using an API key associated with that project.";
/** A secret key of another environment where the slug is checked (§1.3). */
export const INVALID_ENVIRONMENT_SLUG =
  "Invalid environment slug for this API key. Make sure you are using an API key associated with that environment.";

/** True when the value is an error response rather than a resolved target. */
export function isResponse(value: unknown): value is RouteResponse {
  return typeof value === "object" && value !== null && "status" in value && typeof (value as { status: unknown }).status === "number";
}

/** The project a PAT may reach, or the 404 the server sends. */
export function patProject(state: EmulatorState, credential: Extract<Credential, { kind: "pat" }>, ref: string): ProjectState | RouteResponse {
  const project = findProject(state, ref);
  if (!project || (credential.projects && !credential.projects.includes(ref))) return error(404, "Project not found");
  return project;
}

/** Environment of an envvars `{env}` slug for PAT callers: `staging` is aliased to `stg` (§1.2). */
export function envOfSlug(slug: string): EnvironmentName | undefined {
  switch (slug) {
    case "dev":
      return "dev";
    case "stg":
    case "staging":
      return "staging";
    case "prod":
      return "prod";
    case "preview":
      return "preview";
    default:
      return undefined;
  }
}

/**
 * `authenticateEnvVarApiRequest` + `resolveEnvironmentForAuthentication` (§1.3): a PAT reaches any environment
 * of its projects; a secret key must belong to the project and then always acts on its OWN environment. The
 * slug check fires only in strict mode or when an `x-trigger-branch` header is sent.
 */
export function resolveEnvVarTarget(
  state: EmulatorState,
  credential: Credential,
  ref: string,
  slug: string,
  opts: { strict: boolean; branchHeader: boolean; action: "read" | "write"; branch?: string },
): KeyEnv | RouteResponse {
  switch (credential.kind) {
    case "none":
    case "empty":
      return error(401, API_KEY_ERROR);
    case "invalid":
      return error(401, INVALID_API_KEY_ERROR);
    case "pat": {
      const project = patProject(state, credential, ref);
      if (isResponse(project)) return project;
      const envName = envOfSlug(slug);
      const env = envName ? project.environments[envName] : undefined;
      if (!envName || !env) return error(404, "Environment not found");
      // With x-trigger-branch a PAT addresses the preview branch's environment; without it, the parent (§1.2).
      if (envName === "preview" && opts.branch !== undefined) {
        if (!env.branches?.includes(opts.branch)) return error(404, "Branch not found");
        return { project, envName, env, branch: opts.branch };
      }
      return { project, envName, env };
    }
    case "secretKey": {
      const refused = branchRefusal(credential);
      if (refused) return refused;
      if (credential.project.ref !== ref) {
        return error(400, INVALID_PROJECT_REF);
      }
      const keySlug = ENV_VAR_SLUG[credential.envName];
      const urlSlug = slug === "staging" ? "stg" : slug;
      // A branch environment's branchName equals the header's branch, so the check never fires for it (§1.3).
      if (keySlug !== urlSlug && credential.branch === undefined && (opts.strict || opts.branchHeader)) {
        return error(400, INVALID_ENVIRONMENT_SLUG);
      }
      // A scoped key needs read:envvars / write:envvars (§2.8).
      if (!hasScope(credential.scopes, { action: opts.action, type: "envvars" })) return error(403, "Unauthorized");
      return { project: credential.project, envName: credential.envName, env: credential.env, ...(credential.branch ? { branch: credential.branch } : {}) };
    }
  }
}
