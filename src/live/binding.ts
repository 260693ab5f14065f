import type { TriggerClient } from "../client/client.js";
import { CredentialError, HttpError } from "../client/errors.js";
import type { ApplyOps } from "../engine/ops.js";
import type { EnvironmentName } from "../model/environments.js";

/** How an edge (CLI, Pulumi) authenticates one environment: the kind of credential and the variable it came from. */
export interface CredentialOrigin {
  kind: "secretKey" | "accessToken";
  /** The environment variable that held it, e.g. `TRIGGER_SECRET_KEY_PROD`: named in messages, never its value. */
  source: string;
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

/**
 * Awaits every read (undefined entries stand for reads not made) and returns their results in order. All reads
 * run to the end; when several fail, a {@link ProjectBindingError} wins, since it explains the others (a foreign
 * key's other requests act on its own project).
 */
export async function settleReads<T extends readonly unknown[]>(reads: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(reads);
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);
  if (failures.length > 0) throw failures.find((f) => f instanceof ProjectBindingError) ?? failures[0];
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** `ops` with the binding proven for an environment before its first write (at most one extra request each). */
export function bindOps(ops: ApplyOps, binding: ProjectBinding): ApplyOps {
  // Every ApplyOps method takes the environment first.
  return new Proxy(ops, {
    get(target, property, receiver) {
      const member: unknown = Reflect.get(target, property, receiver);
      if (typeof member !== "function") return member;
      return async (env: EnvironmentName, ...rest: unknown[]) => {
        await binding.prove(env);
        return (member as (...args: unknown[]) => unknown).call(target, env, ...rest);
      };
    },
  });
}
