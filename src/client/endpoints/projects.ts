import type { EnvironmentName } from "../../model/environments.js";

/** Project-level calls (not bound to one environment). */
export interface ProjectsApi {
  /**
   * The environment's secret key, looked up with the PAT (`GET /api/v1/projects/{ref}/{env}`, §1.1) once per
   * environment per client; concurrent callers share one request. Sensitive: never log it.
   */
  environmentKey(env: EnvironmentName): Promise<string>;
}

/** Path of the environment key lookup. `env` is the API's own `dev|staging|prod|preview` enum. */
export function environmentKeyPath(projectRef: string, env: EnvironmentName): string {
  return `/api/v1/projects/${encodeURIComponent(projectRef)}/${env}`;
}

/** Path of the timezone list (no auth, not rate limited, §3.6). */
export const TIMEZONES_PATH = "/api/v1/timezones";
