import type { EnvironmentName } from "../model/environments.js";
import type { EnvironmentKeyResponse } from "./api-types.js";
import { CredentialProvider, type Credential } from "./auth.js";
import { sanitizeBranchName } from "./branch.js";
import type { EndpointCall, EndpointContext } from "./endpoints/context.js";
import { createDeploymentsApi, type DeploymentsApi } from "./endpoints/deployments.js";
import { createEnvVarsApi, type EnvVarsApi } from "./endpoints/envvars.js";
import { environmentKeyPath, TIMEZONES_PATH, type ProjectsApi } from "./endpoints/projects.js";
import { createQueuesApi, type QueuesApi } from "./endpoints/queues.js";
import { createRunsApi, type RunsApi } from "./endpoints/runs.js";
import { createSchedulesApi, type SchedulesApi } from "./endpoints/schedules.js";
import { createWorkersApi, type WorkersApi } from "./endpoints/workers.js";
import { TriggerApiError } from "./errors.js";
import { resolveClientOptions, type TriggerClientOptions } from "./options.js";
import { RequestPipeline, type ApiRequest } from "./request.js";
import { checkResponse } from "./response-check.js";
import { ENVIRONMENT_KEY, TIMEZONES } from "./response-schemas.js";

/** The API of one environment of the project. Every call authenticates for that environment (see product.md). */
export interface EnvironmentClient {
  readonly name: EnvironmentName;
  /** The branch sent as `x-trigger-branch` (a preview branch), when there is one. */
  readonly branch?: string;
  readonly envVars: EnvVarsApi;
  readonly schedules: SchedulesApi;
  readonly queues: QueuesApi;
  readonly deployments: DeploymentsApi;
  readonly runs: RunsApi;
  readonly workers: WorkersApi;
}

/** Options of {@link TriggerClient.environment}. */
export interface EnvironmentClientOptions {
  /**
   * Send `x-trigger-branch: <branch>` with every request of this environment client (sanitised like
   * {@link TriggerClientOptions.previewBranch}). For `preview` it defaults to the client's `previewBranch`; for
   * the other environments no header is sent unless given here. `null` sends none: with a PAT, the env var
   * routes then act on the parent preview environment (api-behaviour.md §1.2).
   */
  branch?: string | null;
}

/** A Trigger.dev REST client for one project. Create with {@link createTriggerClient}; `close()` when done. */
export interface TriggerClient {
  readonly projectRef: string;
  /** The API origin and base path, e.g. `https://api.trigger.dev`. */
  readonly baseUrl: string;
  /** The environment-scoped API (the same object for the same environment and branch). */
  environment(env: EnvironmentName, options?: EnvironmentClientOptions): EnvironmentClient;
  readonly projects: ProjectsApi;
  /** The IANA timezones the server accepts for schedules (no auth needed). */
  timezones(options?: { excludeUtc?: boolean }): Promise<string[]>;
  /** Releases the connections (when the client created its dispatcher) and fails anything still waiting. */
  close(): Promise<void>;
}

/**
 * Creates a client. Nothing is sent until a method is called; credentials are checked per call, so a client
 * with keys for some environments only is fine until another environment is used.
 *
 * @example
 * const client = createTriggerClient({ projectRef: "proj_abc", credentials: { accessToken: pat } });
 * const vars = await client.environment("prod").envVars.list();
 * await client.close();
 */
export function createTriggerClient(options: TriggerClientOptions): TriggerClient {
  const resolved = resolveClientOptions(options);
  const pipeline = new RequestPipeline(resolved);
  const projectRef = resolved.projectRef;

  const lookupKey = async (env: EnvironmentName, pat: Credential): Promise<string> => {
    const request: ApiRequest = { method: "GET", path: environmentKeyPath(projectRef, env), idempotent: true, limiter: "deployments", environment: env };
    const body = await pipeline.send<unknown>(request, pat);
    // Registered the moment it is known, before checking: any later echo of it is scrubbed (issue 9 §2).
    if (typeof (body as Partial<EnvironmentKeyResponse> | undefined)?.apiKey === "string") resolved.redactor.add((body as EnvironmentKeyResponse).apiKey);
    return checkResponse<EnvironmentKeyResponse>(body, ENVIRONMENT_KEY, pipeline.describe(request)).apiKey;
  };
  const credentials = new CredentialProvider(resolved.credentials, lookupKey);

  const environments = new Map<string, EnvironmentClient>();

  const client: TriggerClient = {
    projectRef,
    baseUrl: resolved.baseUrl.href.replace(/\/+$/, ""),
    environment(env, envOptions = {}) {
      assertProject();
      const branch =
        envOptions.branch === null
          ? undefined
          : envOptions.branch !== undefined
            ? sanitizeBranchName(envOptions.branch)
            : env === "preview"
              ? resolved.previewBranch
              : undefined;
      const cacheKey = `${env}\u0000${branch ?? ""}`;
      let scoped = environments.get(cacheKey);
      if (!scoped) {
        const ctx = endpointContext(env, branch);
        scoped = {
          name: env,
          ...(branch === undefined ? {} : { branch }),
          envVars: createEnvVarsApi(ctx),
          schedules: createSchedulesApi(ctx),
          queues: createQueuesApi(ctx),
          deployments: createDeploymentsApi(ctx),
          runs: createRunsApi(ctx),
          workers: createWorkersApi(ctx),
        };
        environments.set(cacheKey, scoped);
      }
      return scoped;
    },
    projects: {
      async environmentKey(env) {
        assertProject();
        const info = pipeline.describe({ method: "GET", path: environmentKeyPath(projectRef, env), environment: env });
        return (await credentials.environmentKey(env, info)).secret();
      },
    },
    async timezones(tzOptions = {}) {
      const request: ApiRequest = {
        method: "GET",
        path: TIMEZONES_PATH,
        query: { excludeUtc: tzOptions.excludeUtc ? "true" : undefined },
        idempotent: true,
        limiter: "none",
      };
      const body = await pipeline.send<unknown>(request, undefined);
      return checkResponse<{ timezones: string[] }>(body, TIMEZONES, pipeline.describe(request)).timezones;
    },
    close: () => pipeline.close(),
  };
  return client;

  function assertProject(): void {
    if (!projectRef) throw new TypeError("createTriggerClient: projectRef is required for project calls (only timezones() works without)");
  }

  function endpointContext(env: EnvironmentName, branch: string | undefined): EndpointContext {
    return {
      projectRef,
      environment: env,
      redactor: resolved.redactor,
      async call<T>(call: EndpointCall): Promise<T> {
        const request: ApiRequest = {
          method: call.method,
          path: call.path,
          query: call.query,
          body: call.body,
          idempotent: call.idempotent ?? call.method !== "POST",
          limiter: call.limiter ?? "general",
          environment: env,
          branch,
        };
        const info = pipeline.describe(request);
        const credential = await credentials.forRequest(call.access, env, info, branch);
        const body = await pipeline.send<T>(request, credential);
        if (call.response) return checkResponse<T>(body, call.response, info);
        if (call.expect && !hasShape(body, call.expect)) {
          throw new TriggerApiError(`Unexpected response from ${info.method} ${info.path}: expected an ${call.expect}`, info);
        }
        return body;
      },
    };
  }
}

function hasShape(body: unknown, shape: "array" | "object"): boolean {
  if (shape === "array") return Array.isArray(body);
  return typeof body === "object" && body !== null && !Array.isArray(body);
}
