import { inspect } from "node:util";
import { SECRET_KEY_PREFIX, type EnvironmentName } from "../model/environments.js";
import { assertPreviewBranch } from "./branch.js";
import { ACCESS_TOKEN_VARIABLE, secretKeyMismatch, secretKeyVariable } from "./credentials.js";
import { CredentialError, type RequestInfo } from "./errors.js";
import type { TriggerCredentials } from "./options.js";

/**
 * Which credentials a route accepts (api-behaviour.md §1.1, the "which credential works where" table):
 * - `secretKey`: an environment secret key only (schedules, queues, deployments, runs, runtime env vars);
 * - `secretKeyOrPat`: either (the env var routes with an `{env}` slug);
 * - `pat`: a personal access token only (environment key lookup, workers);
 * - `none`: no auth (timezones).
 */
export type RouteAccess = "secretKey" | "secretKeyOrPat" | "pat" | "none";

/**
 * A credential ready to send. The token is kept in a private field and hidden from `JSON.stringify` and
 * `util.inspect`, so logging a credential by mistake shows no secret.
 */
export class Credential {
  readonly kind: "secretKey" | "pat";
  /** Rate-limit bucket: the server keys env keys by environment and anything else by the header (§1.7). */
  readonly bucket: string;
  readonly #token: string;

  constructor(kind: "secretKey" | "pat", token: string, environment?: EnvironmentName) {
    this.kind = kind;
    this.#token = token;
    this.bucket = kind === "pat" ? "pat" : `env:${environment}`;
  }

  /** The `Authorization` header value. */
  authorization(): string {
    return `Bearer ${this.#token}`;
  }

  /** The raw token, for the environment key cache only. */
  secret(): string {
    return this.#token;
  }

  toJSON(): { kind: string; bucket: string } {
    return { kind: this.kind, bucket: this.bucket };
  }

  [inspect.custom](): string {
    return `Credential(${this.kind}, ${this.bucket})`;
  }
}

/**
 * The prefix guard ({@link secretKeyMismatch}) at request time: on env var routes the server silently acts on the
 * key's own environment whatever the `{env}` slug says (api-behaviour.md §0.1, §1.3); schedules, queues and
 * deployments always act on the key's environment. So a key whose prefix names another environment is refused
 * here, before any request is sent. The message names the prefix, never the key.
 * @param subject how the message names the key, e.g. "The secret key for staging (TRIGGER_SECRET_KEY_STAGING)"
 */
export function assertKeyMatchesEnvironment(
  key: string,
  env: EnvironmentName,
  request: RequestInfo,
  subject = `The secret key for ${env} (${secretKeyVariable(env)})`,
): void {
  const mismatch = secretKeyMismatch(key, env);
  if (!mismatch) return;
  const keyEnv = mismatch.actual;
  const variable = secretKeyVariable(env);
  const what = keyEnv
    ? `is a ${keyEnv} key (${SECRET_KEY_PREFIX[keyEnv]}…), so the API would act on ${keyEnv}`
    : `does not start with ${SECRET_KEY_PREFIX[env]}`;
  throw new CredentialError(
    `${subject} ${what}. Refusing ${request.method} ${request.path} before sending it: ` +
      `set ${variable} to the ${env} environment's secret key (${SECRET_KEY_PREFIX[env]}…), or set ${ACCESS_TOKEN_VARIABLE}.`,
    request,
    [variable, ACCESS_TOKEN_VARIABLE],
  );
}

/** Looks up an environment's secret key with the PAT (`GET /api/v1/projects/{ref}/{env}`). */
export type EnvironmentKeyLookup = (env: EnvironmentName, pat: Credential) => Promise<string>;

/**
 * Picks the credential for a request, per product.md: a per-environment secret key when given; otherwise the
 * PAT where the route accepts it, and the environment's key looked up with the PAT where it does not. The
 * lookup happens once per environment per client; concurrent callers share the one in flight.
 */
export class CredentialProvider {
  private readonly keyCache = new Map<EnvironmentName, Promise<Credential>>();
  private readonly pat: Credential | undefined;

  constructor(
    private readonly credentials: TriggerCredentials,
    private readonly lookup: EnvironmentKeyLookup,
  ) {
    this.pat = credentials.accessToken ? new Credential("pat", credentials.accessToken) : undefined;
  }

  /**
   * The credential for a request of `access` kind acting on `env`, sent with `branch` as its `x-trigger-branch`;
   * throws {@link CredentialError} before anything is sent, also for a preview secret key without a branch.
   */
  async forRequest(
    access: RouteAccess,
    env: EnvironmentName | undefined,
    request: RequestInfo,
    branch?: string,
  ): Promise<Credential | undefined> {
    if (access === "none") return undefined;
    if (access === "pat" || env === undefined) return this.requirePat(request);
    const key = this.credentials.secretKeys?.[env];
    if (key) {
      assertKeyMatchesEnvironment(key, env, request);
      assertPreviewBranch(env, access, branch, request);
      return new Credential("secretKey", key, env);
    }
    if (!this.pat) {
      throw new CredentialError(
        `No credentials for the ${env} environment (needed for ${request.method} ${request.path}): ` +
          `set ${secretKeyVariable(env)} or ${ACCESS_TOKEN_VARIABLE}.`,
        request,
        [secretKeyVariable(env), ACCESS_TOKEN_VARIABLE],
      );
    }
    if (access === "secretKeyOrPat") return this.pat;
    // Checked before the key lookup, so a refused request sends nothing at all.
    assertPreviewBranch(env, access, branch, request);
    return this.environmentKey(env, request);
  }

  /** The PAT, or a {@link CredentialError} naming `TRIGGER_ACCESS_TOKEN`. */
  requirePat(request: RequestInfo): Credential {
    if (this.pat) return this.pat;
    throw new CredentialError(
      `${request.method} ${request.path} needs a personal access token: set ${ACCESS_TOKEN_VARIABLE} (tr_pat_…).`,
      request,
      [ACCESS_TOKEN_VARIABLE],
    );
  }

  /** The environment's secret key obtained with the PAT, cached; a failed lookup is forgotten so it can be retried. */
  environmentKey(env: EnvironmentName, request: RequestInfo): Promise<Credential> {
    let pending = this.keyCache.get(env);
    if (!pending) {
      const pat = this.requirePat(request);
      pending = this.lookup(env, pat).then((key) => {
        // The server returns the environment's own key; checked anyway, since acting on the wrong one is silent.
        assertKeyMatchesEnvironment(key, env, request, `The secret key the API returned for ${env}`);
        return new Credential("secretKey", key, env);
      });
      this.keyCache.set(env, pending);
      pending.catch(() => {
        if (this.keyCache.get(env) === pending) this.keyCache.delete(env);
      });
    }
    return pending;
  }
}
