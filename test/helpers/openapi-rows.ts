/**
 * The bookkeeping of the OpenAPI conformance suite (test/emulator-openapi-*.test.ts), declared statically.
 *
 * vitest runs each test file in its own process and in no guaranteed order, so the completeness check cannot
 * collect at run time what the other files validated. Instead every family file declares here the
 * (METHOD template status) rows it covers, and proves at its end that it validated exactly those rows
 * ({@link OPENAPI_FAMILIES} + `coversDeclaredRows` in openapi-conformance.ts); the completeness test imports this
 * module and checks the declared rows, plus {@link UNREACHABLE_ROWS}, against the contract.
 */

/** The operations in scope: the four managed kinds plus the runs the demo shows. */
export const IN_SCOPE_PATHS = [
  "/api/v1/schedules",
  "/api/v1/schedules/{schedule_id}",
  "/api/v1/schedules/{schedule_id}/activate",
  "/api/v1/schedules/{schedule_id}/deactivate",
  "/api/v1/timezones",
  "/api/v1/projects/{projectRef}/envvars/{env}",
  "/api/v1/projects/{projectRef}/envvars/{env}/import",
  "/api/v1/projects/{projectRef}/envvars/{env}/{name}",
  "/api/v1/queues",
  "/api/v1/queues/{queueParam}",
  "/api/v1/queues/{queueParam}/pause",
  "/api/v1/queues/{queueParam}/concurrency/override",
  "/api/v1/queues/{queueParam}/concurrency/reset",
  "/api/v1/deployments/{deploymentId}",
  "/api/v1/deployments/latest",
  "/api/v1/deployments/{version}/promote",
  "/api/v1/runs",
  "/api/v3/runs/{runId}",
] as const;

/** Documented statuses the real server cannot produce, with the reason. */
export const UNREACHABLE_ROWS: Readonly<Record<string, string>> = {
  "GET /api/v1/deployments/latest 200": "§5.4: UNMANAGED deployments are rejected at creation, so /latest is always 404",
};

/** `"<METHOD> <template>"` and its statuses, expanded to one row per status. */
function rows(spec: Record<string, number[]>): string[] {
  return Object.entries(spec).flatMap(([operation, statuses]) => statuses.map((status) => `${operation} ${status}`));
}

const SCHEDULE = "/api/v1/schedules/{schedule_id}";
const ENVVARS = "/api/v1/projects/{projectRef}/envvars/{env}";
const QUEUE = "/api/v1/queues/{queueParam}";

/** Each family file of the conformance suite and the (METHOD template status) rows it validates. */
export const OPENAPI_FAMILIES = {
  schedules: {
    file: "emulator-openapi-schedules.test.ts",
    rows: rows({
      "POST /api/v1/schedules": [200, 400, 401, 422],
      "GET /api/v1/schedules": [200, 401],
      [`GET ${SCHEDULE}`]: [200, 401, 404],
      [`PUT ${SCHEDULE}`]: [200, 400, 401, 404, 422],
      [`DELETE ${SCHEDULE}`]: [200, 401, 404],
      [`POST ${SCHEDULE}/deactivate`]: [200, 401, 404],
      [`POST ${SCHEDULE}/activate`]: [200, 401, 404],
      "GET /api/v1/timezones": [200],
    }),
  },
  envvars: {
    file: "emulator-openapi-envvars.test.ts",
    rows: rows({
      [`GET ${ENVVARS}`]: [200, 400, 401, 404],
      [`POST ${ENVVARS}`]: [200, 400, 401, 404],
      [`POST ${ENVVARS}/import`]: [200, 400, 401, 404],
      [`GET ${ENVVARS}/{name}`]: [200, 400, 401, 404],
      [`PUT ${ENVVARS}/{name}`]: [200, 400, 401, 404],
      [`DELETE ${ENVVARS}/{name}`]: [200, 400, 401, 404],
    }),
  },
  queues: {
    file: "emulator-openapi-queues.test.ts",
    rows: rows({
      "GET /api/v1/queues": [200, 401],
      [`GET ${QUEUE}`]: [200, 401, 404],
      [`POST ${QUEUE}/pause`]: [200, 400, 401, 404],
      [`POST ${QUEUE}/concurrency/override`]: [200, 400, 401, 404],
      [`POST ${QUEUE}/concurrency/reset`]: [200, 400, 401, 404],
    }),
  },
  deploymentsRuns: {
    file: "emulator-openapi-deployments-runs.test.ts",
    rows: rows({
      "GET /api/v1/deployments/{deploymentId}": [200, 401, 404],
      "GET /api/v1/deployments/latest": [401, 404],
      "POST /api/v1/deployments/{version}/promote": [200, 400, 401, 404],
      "GET /api/v1/runs": [200, 400, 401],
      "GET /api/v3/runs/{runId}": [200, 400, 401, 404],
    }),
  },
} as const satisfies Record<string, { file: string; rows: string[] }>;

/** One family of the conformance suite (one test file). */
export type OpenApiFamily = keyof typeof OPENAPI_FAMILIES;
