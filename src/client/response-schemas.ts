/*
 * What each response the client consumes must look like before anything uses it (issue 9 §5): the shapes of
 * trigger-openapi.yaml (ScheduleObject, QueueObject, EnvVarValue…), reduced to the fields trigger-iac reads, with
 * the real server's deviations where api-behaviour.md documents them (the server wins). Unknown fields are
 * allowed: the server may add some. test/client-response-schemas.test.ts keeps every field required here
 * documented by the contract (or by api-behaviour.md for the endpoints beyond it).
 *
 * An endpoint declares its schema with `response:` in its EndpointCall; compiled lazily (response-check.ts).
 */

/** A JSON Schema (draft-07) for one response body. */
export type ResponseSchema = Readonly<Record<string, unknown>>;

const str = { type: "string" } as const;
const name = { type: "string", minLength: 1 } as const;
const nullableStr = { type: ["string", "null"] } as const;
const nullableInt = { type: ["integer", "null"] } as const;

function object(required: Record<string, unknown>, optional: Record<string, unknown> = {}): ResponseSchema {
  return { type: "object", required: Object.keys(required), properties: { ...optional, ...required } };
}

const arrayOf = (items: ResponseSchema): ResponseSchema => ({ type: "array", items });

/** `EnvVar` list item, `GET …/envvars/{env}` (§2.1). `isSecret` is absent on older servers. */
export const ENV_VAR_LIST = arrayOf(object({ name, value: str }, { isSecret: { type: "boolean" } }));

/** `EnvVarValue`, `GET …/envvars/{env}/{name}`: the contract promises the value; the server adds name and flag (§2.4). */
export const ENV_VAR_ITEM = object({ value: str }, { name, isSecret: { type: "boolean" } });

/** `GET /api/v1/projects/{ref}/envvars` (§2.7): decrypted values by name. */
export const RUNTIME_VALUES = object({ variables: { type: "object", additionalProperties: str } });

/** `ScheduleObject` (§3.1): `externalId` is null in lists, `nextRun` null when inactive. */
export const SCHEDULE = object(
  {
    id: name,
    type: { enum: ["IMPERATIVE", "DECLARATIVE"] },
    task: str,
    active: { type: "boolean" },
    generator: object({ expression: str }),
  },
  { timezone: str, externalId: nullableStr, deduplicationKey: str },
);

/** Offset pagination (schedules §3.3, queues §4.4): `totalPages` a non-negative integer. */
const OFFSET_PAGINATION = object({ totalPages: { type: "integer", minimum: 0 } }, { currentPage: { type: "integer" }, count: { type: "integer" } });

export const SCHEDULE_PAGE = object({ data: arrayOf(SCHEDULE), pagination: OFFSET_PAGINATION });

/** `DELETE /api/v1/schedules/{id}`: the deleted schedule's id, or the schedule itself on older servers. */
export const SCHEDULE_DELETED = object({ id: name });

/** `QueueObject` (§4.3). */
export const QUEUE = object(
  { id: name, name, type: { enum: ["task", "custom"] }, paused: { type: "boolean" }, concurrencyLimit: nullableInt },
  {
    concurrency: object(
      {},
      { current: nullableInt, base: nullableInt, override: nullableInt, overriddenAt: nullableStr, overriddenBy: nullableStr },
    ),
  },
);
export const QUEUE_PAGE = object({ data: arrayOf(QUEUE), pagination: OFFSET_PAGINATION });

/** A deployment as listed and as `/deployments/current` returns it (§5.1, §5.2). */
export const DEPLOYMENT_ITEM = object({ id: name, version: name, status: str }, { shortCode: str });
export const DEPLOYMENT_PAGE = object({ data: arrayOf(DEPLOYMENT_ITEM), pagination: object({}, { next: str }) });
export const DEPLOYMENT_DETAILS = object({ id: name, version: name, status: str }, { shortCode: str });
export const PROMOTE_RESULT = object({ id: name, version: name }, { shortCode: str });

/** `GET /api/v1/projects/{ref}/{env}/workers/current` (PAT, §5.1): beyond the contract. */
export const CURRENT_WORKER = object({ worker: object({ id: name, version: name, tasks: arrayOf(object({ slug: str })) }) });

/** `GET /api/v1/projects/{ref}/background-workers/{env}/{version}`: beyond the contract (the server's route). */
export const BACKGROUND_WORKER = object({ id: name, version: name }, { tasks: arrayOf(object({ id: name }, { source: str })) });

/** Runs, read for promotion health checks (`runsFilter`, `cursorPagination` in the contract). */
export const RUN_ITEM = object({ id: name, status: str, taskIdentifier: str }, { version: str });
export const RUN_PAGE = object({ data: arrayOf(RUN_ITEM), pagination: object({}, { next: str, previous: str }) });
export const RUN_DETAILS = object({ id: name, status: str });

/** `GET /api/v1/projects/{ref}/{env}` (PAT, §1.1): the environment's secret key. */
export const ENVIRONMENT_KEY = object({ apiKey: name });

/** `GET /api/v1/timezones` (§3.6). */
export const TIMEZONES = object({ timezones: arrayOf(str) });
