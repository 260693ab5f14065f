import type { RunDetails, RunPage } from "../api-types.js";
import { RUN_DETAILS, RUN_PAGE } from "../response-schemas.js";
import { segment, type EndpointContext } from "./context.js";

/** Filters and cursor of `GET /api/v1/runs` (trigger-openapi.yaml `runsFilter`, `cursorPagination`). */
export interface RunListOptions {
  /** Worker versions, e.g. `["20250228.1"]`. */
  version?: string | string[];
  status?: string | string[];
  taskIdentifier?: string | string[];
  /** ISO date-times of `createdAt`. */
  from?: string;
  to?: string;
  /** 10..100. @default 25 (server) */
  pageSize?: number;
  /** Cursor: the `pagination.next` of the previous page. */
  after?: string;
}

/** Runs of one environment: read only, for promotion health checks. Secret key. */
export interface RunsApi {
  /** One page, newest first. */
  list(options?: RunListOptions): Promise<RunPage>;
  /** `GET /api/v3/runs/{id}`. */
  retrieve(id: string): Promise<RunDetails>;
}

const list = (value: string | string[] | undefined) => (value === undefined ? undefined : ([] as string[]).concat(value));

/** Run endpoints bound to one environment. */
export function createRunsApi(ctx: EndpointContext): RunsApi {
  return {
    list: (options = {}) =>
      ctx.call({
        method: "GET",
        path: "/api/v1/runs",
        query: {
          "filter[version]": list(options.version),
          "filter[status]": list(options.status),
          "filter[taskIdentifier]": list(options.taskIdentifier),
          "filter[createdAt][from]": options.from,
          "filter[createdAt][to]": options.to,
          "page[size]": options.pageSize,
          "page[after]": options.after,
        },
        access: "secretKey",
        response: RUN_PAGE,
      }),
    retrieve: (id) => ctx.call({ method: "GET", path: `/api/v3/runs/${segment(id)}`, access: "secretKey", response: RUN_DETAILS }),
  };
}
