import type { EnvironmentName } from "../model/environments.js";
import { environmentOfSecretKey, SECRET_KEY_PREFIX } from "../model/environments.js";
import { PREVIEW_BRANCH_VARIABLE, sanitizeBranchName } from "./branch.js";
import type { TriggerClient } from "./client.js";
import { CredentialError, HttpError } from "./errors.js";
import type { TriggerCredentials } from "./options.js";

/*
 * THE CREDENTIALS MODULE (product.md, Credentials): the one place both edges (CLI, Pulumi providers) and the
 * client take the variable names, the default API URL, the prefix guard, the resolution of the process
 * environment into client credentials and the project binding check from. Everything here throws library
 * errors ({@link CredentialSetupError}, {@link ProjectBindingError}); the CLI maps them to its messages.
 */

/** The default API base URL (Trigger.dev cloud). */
export const DEFAULT_API_URL = "https://api.trigger.dev";

/** The environment variable for a personal access token. */
export const ACCESS_TOKEN_VARIABLE = "TRIGGER_ACCESS_TOKEN";

/** The secret-key variable used when exactly one environment is in play. */
export const SINGLE_SECRET_KEY_VARIABLE = "TRIGGER_SECRET_KEY";

/** The environment variable for the API base URL. */
export const API_URL_VARIABLE = "TRIGGER_API_URL";

/** Per-environment secret-key variable names. */
export const SECRET_KEY_VARIABLE: Readonly<Record<EnvironmentName, string>> = {
  dev: "TRIGGER_SECRET_KEY_DEV",
  staging: "TRIGGER_SECRET_KEY_STAGING",
  prod: "TRIGGER_SECRET_KEY_PROD",
  preview: "TRIGGER_SECRET_KEY_PREVIEW",
};

/** The environment variable a user sets to give the client a secret key for `env` (product.md, Credentials). */
export function secretKeyVariable(env: EnvironmentName): string {
  return SECRET_KEY_VARIABLE[env];
}

/** How an edge authenticates one environment: the kind of credential and the variable it came from. */
export interface CredentialOrigin {
  kind: "secretKey" | "accessToken";
  /** The environment variable that held it, e.g. `TRIGGER_SECRET_KEY_PROD`: named in messages, never its value. */
  source: string;
}

/** The credential resolved for one environment from the process environment. */
export type EnvironmentCredential =
  | { kind: "secretKey"; key: string; /** The variable it came from, for messages. */ source: string }
  | { kind: "accessToken"; token: string; source: typeof ACCESS_TOKEN_VARIABLE };

/**
 * Credentials, API URL or preview branch in the process environment that cannot be used: missing, a key of the
 * wrong environment, not a URL. Thrown before any request; the message names variables and prefixes, never values.
 */
export class CredentialSetupError extends Error {
  override name = "CredentialSetupError";
  /** What to do next. */
  readonly hint?: string;
  /** The environments without any credential, when that is the refusal (so callers need not parse the message). */
  readonly missing?: readonly EnvironmentName[];
  constructor(message: string, hint?: string, missing?: readonly EnvironmentName[]) {
    super(message);
    if (hint !== undefined) this.hint = hint;
    if (missing !== undefined) this.missing = missing;
  }
}

/**
 * THE PREFIX GUARD. The server derives the environment from the key itself and silently acts on the key's own
 * environment whatever the URL says (api-behaviour.md §0.1, §1.3). Undefined when `key` is a secret key of
 * `env`; otherwise what it is instead: the environment its prefix names, or `undefined` inside when it is no
 * environment secret key at all.
 */
export function secretKeyMismatch(key: string, env: EnvironmentName): { actual: EnvironmentName | undefined } | undefined {
  const actual = environmentOfSecretKey(key);
  return actual === env ? undefined : { actual };
}

const nonEmpty = (value: string | undefined) => (value !== undefined && value.trim() !== "" ? value.trim() : undefined);

/**
 * Picks the credential for each environment, from the process environment only (product.md "Credentials"): the
 * environment's own key first, then `TRIGGER_SECRET_KEY` when exactly one environment is in play, then a
 * personal access token. A key whose prefix does not name the environment is refused here, before any request.
 */
export function resolveCredentials(
  env: Record<string, string | undefined>,
  environments: readonly EnvironmentName[],
): Record<EnvironmentName, EnvironmentCredential> {
  const token = nonEmpty(env[ACCESS_TOKEN_VARIABLE]);
  if (token !== undefined && environmentOfSecretKey(token) !== undefined) {
    throw new CredentialSetupError(
      `${ACCESS_TOKEN_VARIABLE} holds an environment secret key, not a personal access token.`,
      `Put secret keys in ${Object.values(SECRET_KEY_VARIABLE).join(", ")}; ${ACCESS_TOKEN_VARIABLE} takes a tr_pat_… token.`,
    );
  }
  const single = nonEmpty(env[SINGLE_SECRET_KEY_VARIABLE]);
  const result = {} as Record<EnvironmentName, EnvironmentCredential>;
  const missing: EnvironmentName[] = [];
  for (const name of environments) {
    const variable = SECRET_KEY_VARIABLE[name];
    const own = nonEmpty(env[variable]);
    if (own !== undefined) {
      result[name] = { kind: "secretKey", key: checkPrefix(own, name, variable), source: variable };
    } else if (single !== undefined && environments.length === 1) {
      result[name] = { kind: "secretKey", key: checkPrefix(single, name, SINGLE_SECRET_KEY_VARIABLE), source: SINGLE_SECRET_KEY_VARIABLE };
    } else if (token !== undefined) {
      result[name] = { kind: "accessToken", token, source: ACCESS_TOKEN_VARIABLE };
    } else {
      missing.push(name);
    }
  }
  if (missing.length > 0) {
    const singleNote =
      single !== undefined && environments.length > 1
        ? ` ${SINGLE_SECRET_KEY_VARIABLE} is only used when one environment is in play; this command acts on ` +
          `${environments.join(", ")}.`
        : "";
    throw new CredentialSetupError(
      `No credentials for ${missing.map((m) => `'${m}'`).join(", ")}.${singleNote}`,
      `Set ${ACCESS_TOKEN_VARIABLE} (a personal access token, tr_pat_…) or ` +
        `${missing.map((m) => SECRET_KEY_VARIABLE[m]).join(", ")} (the environment's secret key).`,
      missing,
    );
  }
  return result;
}

function checkPrefix(key: string, name: EnvironmentName, variable: string): string {
  const mismatch = secretKeyMismatch(key, name);
  if (!mismatch) return key;
  const { actual } = mismatch;
  // Never echo the key itself: name the variable and the prefixes only.
  const what = actual ? `a key for '${actual}' (${SECRET_KEY_PREFIX[actual]}…)` : "a value that is not an environment secret key";
  throw new CredentialSetupError(
    `${variable} holds ${what}, but it would act on '${name}', which needs a ${SECRET_KEY_PREFIX[name]}… key.`,
    "The server silently applies a mismatched key to the key's own environment, so trigger-iac refuses it.",
  );
}

/** Resolved per-environment credentials as the client takes them. */
export function toClientCredentials(perEnv: Partial<Record<EnvironmentName, EnvironmentCredential>>): TriggerCredentials {
  const secretKeys: Partial<Record<EnvironmentName, string>> = {};
  let accessToken: string | undefined;
  for (const [env, credential] of Object.entries(perEnv) as [EnvironmentName, EnvironmentCredential][]) {
    if (credential.kind === "secretKey") secretKeys[env] = credential.key;
    else accessToken = credential.token;
  }
  return { accessToken, secretKeys };
}

/**
 * The preview branch from `TRIGGER_PREVIEW_BRANCH` (the variable the Trigger.dev SDK reads too, §1.5), sanitised
 * (`refs/heads/` stripped), or undefined when unset or empty. The real server refuses a preview secret key
 * without a branch (api-behaviour.md §1.1); the client refuses such requests before sending when this is unset.
 */
export function resolvePreviewBranch(env: Record<string, string | undefined>): string | undefined {
  const value = nonEmpty(env[PREVIEW_BRANCH_VARIABLE]);
  if (value === undefined) return undefined;
  try {
    return sanitizeBranchName(value);
  } catch (error) {
    throw new CredentialSetupError(
      `${PREVIEW_BRANCH_VARIABLE}: ${(error as Error).message}`,
      `Set ${PREVIEW_BRANCH_VARIABLE} to the preview branch name, e.g. feature-x or refs/heads/feature-x.`,
    );
  }
}

/** Every credential value in the environment, so the redactor can keep them out of any output. */
export function credentialValues(env: Record<string, string | undefined>): string[] {
  return [ACCESS_TOKEN_VARIABLE, SINGLE_SECRET_KEY_VARIABLE, ...Object.values(SECRET_KEY_VARIABLE)]
    .map((name) => nonEmpty(env[name]))
    .filter((v): v is string => v !== undefined);
}

/** The API base URL: a flag, then `TRIGGER_API_URL`, then the file's `apiUrl`, then Trigger.dev cloud. */
export function resolveApiUrl(flag: string | undefined, env: Record<string, string | undefined>, fromFile?: string): string {
  const url = nonEmpty(flag) ?? nonEmpty(env[API_URL_VARIABLE]) ?? nonEmpty(fromFile) ?? DEFAULT_API_URL;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("protocol");
  } catch {
    throw new CredentialSetupError(`The API URL '${url}' is not an http(s) URL.`, `Check --api-url, ${API_URL_VARIABLE} or apiUrl in the file.`);
  }
  return url.replace(/\/+$/, "");
}

/**
 * A secret key that does not belong to the configuration's project (or environment): the server refused a
 * request whose path names the project. Thrown before anything is written; `variable` names the credential.
 */
export class ProjectBindingError extends CredentialError {
  override name = "ProjectBindingError";
  /** The project the configuration names. */
  readonly project: string;
  /** The variable that holds the foreign key. */
  readonly variable: string;
  /** The server's own refusal, e.g. `Invalid project ref for this API key. …`. */
  readonly serverMessage: string;

  constructor(refusal: HttpError, environment: EnvironmentName, project: string, variable: string) {
    const serverMessage = refusal.error ?? `HTTP ${refusal.status}`;
    // The server names neither the key's project nor its environment (apiAuth.server.ts), so neither can we.
    const whose = /environment slug/i.test(serverMessage) ? `another environment than ${environment} of ${project}` : "another project";
    super(
      `${variable} belongs to ${whose}: the configuration names project ${project} (${environment}), and the API ` +
        `refused ${refusal.method} ${refusal.path}: "${serverMessage}" [HTTP ${refusal.status}]. Nothing was written.`,
      { method: refusal.method, path: refusal.path, environment },
      [variable],
    );
    this.project = project;
    this.variable = variable;
    this.serverMessage = serverMessage;
  }
}

/** The server's refusals of a key whose project or environment differs from the path's (api-behaviour.md §1.3). */
function isForeignKeyRefusal(error: unknown): error is HttpError {
  return error instanceof HttpError && error.status === 400 && /^Invalid (project ref|environment slug) for this API key/.test(error.error ?? "");
}

/**
 * THE PROJECT BINDING CHECK (product.md, Credentials). A secret key acts on *its own* project and environment on
 * every route without `{projectRef}` in the path (schedules, queues, promote: api-behaviour.md §1.3), so another
 * project's correctly prefixed key would silently write there. Before the first write, and before a plan is shown,
 * each environment that authenticates with a secret key must have had one request whose path carries the project
 * ref answered: the env var list or the worker lookup the plan makes anyway ({@link through}), else one env var
 * list ({@link prove}). A personal access token needs no proof: every request it makes names the project, and
 * the environment's key is obtained from that project (`GET /api/v1/projects/{ref}/{env}`).
 *
 * One instance per client and run; the CLI and the Pulumi providers create it from the credentials they resolved.
 * @example const binding = new ProjectBinding(client, { prod: { kind: "secretKey", source: "TRIGGER_SECRET_KEY_PROD" } });
 */
export class ProjectBinding {
  private readonly proven = new Set<EnvironmentName>();
  private readonly probes = new Map<EnvironmentName, Promise<void>>();

  constructor(
    private readonly client: TriggerClient,
    private readonly origins: Partial<Record<EnvironmentName, CredentialOrigin>>,
  ) {}

  /** True when `env` authenticates with a personal access token (which reaches the PAT-only routes too). */
  viaAccessToken(env: EnvironmentName): boolean {
    return this.origins[env]?.kind === "accessToken";
  }

  /** True while `env` authenticates with a secret key that no project-ref request has vouched for yet. */
  needsProof(env: EnvironmentName): boolean {
    return this.origins[env]?.kind === "secretKey" && !this.proven.has(env);
  }

  /**
   * Runs a request whose path carries the project ref (and that the server refuses for a foreign key); its
   * success proves `env`, a foreign-key refusal becomes a {@link ProjectBindingError}.
   */
  async through<T>(env: EnvironmentName, request: () => Promise<T>): Promise<T> {
    try {
      const result = await request();
      this.proven.add(env);
      return result;
    } catch (error) {
      throw this.explain(env, error);
    }
  }

  /** Proves `env` with one env var list (`GET /api/v1/projects/{ref}/envvars/{env}`) unless already proven. */
  prove(env: EnvironmentName): Promise<void> {
    if (!this.needsProof(env)) return Promise.resolve();
    let pending = this.probes.get(env);
    if (!pending) {
      pending = this.through(env, () => this.client.environment(env).envVars.list()).then(() => undefined);
      this.probes.set(env, pending);
      // A failed probe may be retried by a later write (a network error is not a verdict).
      pending.catch(() => this.probes.delete(env));
    }
    return pending;
  }

  /** A foreign-key refusal as a {@link ProjectBindingError} naming the variable; anything else unchanged. */
  explain(env: EnvironmentName, error: unknown): unknown {
    const origin = this.origins[env];
    if (origin?.kind !== "secretKey" || !isForeignKeyRefusal(error)) return error;
    return new ProjectBindingError(error, env, this.client.projectRef, origin.source);
  }
}
