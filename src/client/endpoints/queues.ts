import type { QueueType } from "../../model/desired.js";
import type { OffsetPage, QueueItem, QueueRef } from "../api-types.js";
import type { EndpointContext } from "./context.js";
import { fetchAllPages, type ListOptions } from "./pagination.js";
import { QUEUE, QUEUE_PAGE } from "../response-schemas.js";

/** Queues of one environment (api-behaviour.md §4). Secret key only. */
export interface QueuesApi {
  /** Every queue, all pages, in the server's order (task id / queue name). */
  list(options?: ListOptions): Promise<QueueItem[]>;
  /** One page; `perPage` is clamped to 100 by the server (default 25). */
  listPage(page: number, perPage?: number): Promise<OffsetPage<QueueItem>>;
  /** `HttpError` 404 `"queue-not-found"` when absent. */
  retrieve(queue: QueueRef): Promise<QueueItem>;
  pause(queue: QueueRef): Promise<QueueItem>;
  resume(queue: QueueRef): Promise<QueueItem>;
  /** Override the concurrency limit (0..100000, at most the environment's maximum, §4.7). */
  override(queue: QueueRef, concurrencyLimit: number): Promise<QueueItem>;
  /** Remove the override; `HttpError` 400 `"Queue is not overridden"` when there is none (§4.8). */
  reset(queue: QueueRef): Promise<QueueItem>;
}

/**
 * The `{queueParam}` segment and the `type` to send. A `/` is encoded as `%2F` and the result encoded again, so it
 * travels as `%252F`: the server decodes twice for names (§4.2), exactly as the SDK does.
 */
export function queueAddress(queue: QueueRef): { param: string; type: "id" | QueueType } {
  const [value, type] = "id" in queue ? [queue.id, "id" as const] : [queue.name, queue.type];
  return { param: encodeURIComponent(value.replace(/\//g, "%2F")), type };
}

/** Queue endpoints bound to one environment. */
export function createQueuesApi(ctx: EndpointContext): QueuesApi {
  const listPage = (page: number, perPage?: number) =>
    ctx.call<OffsetPage<QueueItem>>({ method: "GET", path: "/api/v1/queues", query: { page, perPage }, access: "secretKey", response: QUEUE_PAGE });
  // Pause, override and reset only set state, so a repeat after an unknown outcome is harmless.
  const action = (queue: QueueRef, suffix: string, extra: Record<string, unknown>) => {
    const { param, type } = queueAddress(queue);
    return ctx.call<QueueItem>({
      method: "POST",
      path: `/api/v1/queues/${param}${suffix}`,
      body: { type, ...extra },
      access: "secretKey",
      idempotent: true,
      response: QUEUE,
    });
  };
  return {
    list: (options) => fetchAllPages(listPage, { method: "GET", path: "/api/v1/queues", environment: ctx.environment }, options),
    listPage,
    retrieve(queue) {
      const { param, type } = queueAddress(queue);
      return ctx.call({ method: "GET", path: `/api/v1/queues/${param}`, query: { type }, access: "secretKey", response: QUEUE });
    },
    pause: (queue) => action(queue, "/pause", { action: "pause" }),
    resume: (queue) => action(queue, "/pause", { action: "resume" }),
    override: (queue, concurrencyLimit) => action(queue, "/concurrency/override", { concurrencyLimit }),
    reset: (queue) => action(queue, "/concurrency/reset", {}),
  };
}
