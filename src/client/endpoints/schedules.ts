import type { OffsetPage, ScheduleCreateBody, ScheduleObject, ScheduleUpdateBody } from "../api-types.js";
import { externalIdOrNull } from "../../model/desired.js";
import { SCHEDULE, SCHEDULE_DELETED, SCHEDULE_PAGE } from "../response-schemas.js";
import { segment, type EndpointContext } from "./context.js";
import { fetchAllPages, type ListOptions } from "./pagination.js";

/** Imperative and declarative schedules of one environment (api-behaviour.md §3). Secret key only. */
export interface SchedulesApi {
  /** Every schedule of the environment (both types), all pages. */
  list(options?: ListOptions): Promise<ScheduleObject[]>;
  /** One page; `perPage` is clamped to 100 by the server (default 20). */
  listPage(page: number, perPage?: number): Promise<OffsetPage<ScheduleObject>>;
  /** By `sched_…` id or by deduplicationKey (anything else than `sched_…` is a key, §3.4). */
  retrieve(idOrDeduplicationKey: string): Promise<ScheduleObject>;
  /**
   * Create; with an existing deduplicationKey the server updates that schedule in place and *moves* it into this
   * environment (§0.5). Retried on failure only when `deduplicationKey` is non-empty (then it is idempotent).
   */
  create(body: ScheduleCreateBody): Promise<ScheduleObject>;
  /** Update by id or key. Always send timezone and externalId: the server resets what is omitted (§3.2). */
  update(idOrDeduplicationKey: string, body: ScheduleUpdateBody): Promise<ScheduleObject>;
  delete(idOrDeduplicationKey: string): Promise<{ id: string }>;
  activate(idOrDeduplicationKey: string): Promise<ScheduleObject>;
  deactivate(idOrDeduplicationKey: string): Promise<ScheduleObject>;
}

/** Schedule endpoints bound to one environment (the key's environment: there is no env in the URL). */
export function createSchedulesApi(ctx: EndpointContext): SchedulesApi {
  const one = (id: string) => `/api/v1/schedules/${segment(id)}`;
  const listPage = (page: number, perPage?: number) =>
    ctx.call<OffsetPage<ScheduleObject>>({
      method: "GET",
      path: "/api/v1/schedules",
      query: { page, perPage },
      access: "secretKey",
      response: SCHEDULE_PAGE,
    });
  return {
    list: (options) => fetchAllPages(listPage, { method: "GET", path: "/api/v1/schedules", environment: ctx.environment }, options),
    listPage,
    retrieve: (id) => ctx.call({ method: "GET", path: one(id), access: "secretKey", response: SCHEDULE }),
    create: (body) =>
      ctx.call({
        method: "POST",
        path: "/api/v1/schedules",
        body: writeBody(body),
        access: "secretKey",
        // With a key the POST is an upsert (same id twice); without one each POST creates another schedule.
        idempotent: typeof body.deduplicationKey === "string" && body.deduplicationKey !== "",
        response: SCHEDULE,
      }),
    update: (id, body) => ctx.call({ method: "PUT", path: one(id), body: writeBody(body), access: "secretKey", response: SCHEDULE }),
    delete: (id) => ctx.call({ method: "DELETE", path: one(id), access: "secretKey", response: SCHEDULE_DELETED }),
    activate: (id) =>
      ctx.call({ method: "POST", path: `${one(id)}/activate`, access: "secretKey", idempotent: true, response: SCHEDULE }),
    deactivate: (id) =>
      ctx.call({ method: "POST", path: `${one(id)}/deactivate`, access: "secretKey", idempotent: true, response: SCHEDULE }),
  };
}

/**
 * The body as the server's zod schema takes it: `externalId` is `string | undefined` there, so "no external id"
 * (null, or `""`, which the server would not store either) is sent by omitting the field, which the server treats
 * as "clear it" (§3.2).
 */
function writeBody<T extends { externalId?: string | null }>(body: T): T {
  if (externalIdOrNull(body.externalId) !== null) return body;
  const { externalId: _omitted, ...rest } = body;
  return rest as T;
}
