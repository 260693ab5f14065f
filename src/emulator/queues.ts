import type { EnvState, QueueState } from "./state.js";
import { decodeParam } from "./router.js";

/** Queue lookup and the `QueueItem` shape (api-behaviour.md §4.2, §4.3). */

export const QUEUE_LOOKUP_TYPES = ["task", "custom", "id"] as const;
/** How `{queueParam}` is read: a `queue_…` id, a task id or a custom queue name (§4.2). */
export type QueueLookupType = (typeof QUEUE_LOOKUP_TYPES)[number];

/**
 * Finds a queue from the raw (still encoded) path parameter. The SDK sends `/` as `%252F`; the server decodes
 * once, turns `%2F` into `/`, and decodes again for non-id types (§4.2). `task` accepts `my-task` and
 * `task/my-task`.
 */
export function resolveQueue(env: EnvState, rawParam: string, type: QueueLookupType): QueueState | undefined {
  const once = decodeParam(rawParam).replace(/%2F/gi, "/");
  if (type === "id") return env.queues.find((q) => q.id === once);
  const name = decodeParam(once);
  if (type === "task") {
    const taskId = name.replace(/^task\//, "");
    return env.queues.find((q) => q.type === "task" && q.name === taskId);
  }
  return env.queues.find((q) => q.type === "custom" && q.name === name);
}

function liveCounts(env: EnvState, queue: QueueState): { running: number; queued: number } {
  if (queue.type !== "task") return { running: 0, queued: 0 };
  let running = 0;
  let queued = 0;
  for (const run of env.runs) {
    if (run.task !== queue.name) continue;
    if (run.status === "EXECUTING") running++;
    if (run.status === "QUEUED") queued++;
  }
  return { running, queued };
}

/**
 * `toQueueItem` (§4.3): `concurrencyLimit` = current; `base` null unless overridden; `override` = current while
 * overridden; GET one and list add `concurrencyLimitOverridePercent`.
 */
export function toQueueItem(env: EnvState, queue: QueueState, withPercent: boolean): Record<string, unknown> {
  const overridden = queue.overriddenAt !== null;
  return {
    id: queue.id,
    name: queue.name,
    type: queue.type,
    ...liveCounts(env, queue),
    paused: queue.paused,
    concurrencyLimit: queue.concurrencyLimit,
    concurrency: {
      current: queue.concurrencyLimit,
      base: overridden ? queue.base : null,
      override: overridden ? queue.concurrencyLimit : null,
      // Key order as `toQueueItem` in QueueRetrievePresenter.server.ts builds it: overriddenBy, then overriddenAt.
      overriddenBy: queue.overriddenBy,
      overriddenAt: queue.overriddenAt,
    },
    releaseConcurrencyOnWaitpoint: true,
    ...(withPercent ? { concurrencyLimitOverridePercent: overridden ? queue.percent : null } : {}),
  };
}

/** Applies an override (§4.7): base captured on the first override only; overriddenAt bumped every time. */
export function overrideQueue(queue: QueueState, limit: number, percent: number | null, by: string | null, now: Date): void {
  if (queue.overriddenAt === null) queue.base = queue.concurrencyLimit;
  queue.concurrencyLimit = limit;
  queue.percent = percent;
  queue.overriddenAt = now.toISOString();
  queue.overriddenBy = by;
}

/** Resets an override (§4.8): the limit goes back to base (possibly null = unlimited). */
export function resetQueue(queue: QueueState): void {
  queue.concurrencyLimit = queue.base;
  queue.base = null;
  queue.percent = null;
  queue.overriddenAt = null;
  queue.overriddenBy = null;
}
