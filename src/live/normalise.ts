import type { DeploymentListItem, EnvVarItem, QueueItem, ScheduleObject } from "../client/api-types.js";
import type { LiveDeploymentRef, LiveEnvVar, LiveQueue, LiveSchedule } from "../model/live.js";
import { externalIdOrNull } from "../model/desired.js";
import { nameRecord, ownValue } from "../model/records.js";
import { compareStrings } from "../util/compare.js";

/*
 * API responses -> the canonical live shapes of src/model/live.ts: server-only fields dropped (nextRun,
 * environments, running/queued counts, generator description…), lists sorted, absent and null unified, so
 * that comparing with the desired state never reports drift that is only a difference of representation.
 */

/** The placeholder the list endpoint returns for every secret value (api-behaviour.md §2.1). */
export const REDACTED_VALUE = "<redacted>";

/**
 * Env vars keyed by name, from the list (`GET …/envvars/{env}`). Secret values are redacted there, so they are
 * left undefined unless `runtimeValues` (the decrypted runtime read, §2.7) holds the name. Names come only from
 * the list: the runtime read also returns the server's built-ins (`TRIGGER_*`, `OTEL_*`…), which are not
 * the user's variables and must not look like drift.
 */
export function normaliseEnvVars(
  items: readonly EnvVarItem[],
  runtimeValues?: Readonly<Record<string, string>>,
  wantSecretValue: (name: string) => boolean = () => true,
): Record<string, LiveEnvVar> {
  const result = nameRecord<LiveEnvVar>();
  for (const item of [...items].sort((a, b) => compareStrings(a.name, b.name))) {
    if (item.isSecret) {
      const runtime = runtimeValues && wantSecretValue(item.name) ? ownValue(runtimeValues, runtimeName(item.name)) : undefined;
      result[item.name] = runtime === undefined ? { name: item.name, isSecret: true } : { name: item.name, isSecret: true, value: runtime };
    } else {
      result[item.name] = { name: item.name, isSecret: false, value: item.value };
    }
  }
  return result;
}

/** Schedules sorted by id; `deduplicationKey` null when the server hides a generated one (§3.1). */
export function normaliseSchedules(items: readonly ScheduleObject[]): LiveSchedule[] {
  return items
    .map((s) => ({
      id: s.id,
      type: s.type,
      task: s.task,
      cron: s.generator?.expression ?? "",
      // An empty timezone is what the server stores for `timezone: ""` (§3.2): kept, so drift stays visible.
      timezone: s.timezone ?? "UTC",
      // The list says null, other endpoints omit it: both mean "none" (§3.1 table).
      externalId: externalIdOrNull(s.externalId),
      active: s.active,
      deduplicationKey: s.deduplicationKey === undefined || s.deduplicationKey === "" ? null : s.deduplicationKey,
    }))
    .sort((a, b) => compareStrings(a.id, b.id));
}

/** Queues sorted by type then name. `base` and `override` come from `concurrency`, null when absent (§4.3). */
export function normaliseQueues(items: readonly QueueItem[]): LiveQueue[] {
  return items
    .map((q) => {
      const c = q.concurrency;
      const overridden = c?.overriddenAt != null;
      return {
        id: q.id,
        type: q.type,
        name: q.name,
        paused: q.paused,
        concurrencyLimit: q.concurrencyLimit ?? null,
        base: overridden ? (c?.base ?? null) : null,
        override: overridden ? (c?.override ?? q.concurrencyLimit ?? null) : null,
        overriddenAt: overridden ? (c?.overriddenAt ?? null) : null,
        overriddenBy: overridden ? (c?.overriddenBy ?? null) : null,
      };
    })
    .sort((a, b) => compareStrings(a.type, b.type) || compareStrings(a.name, b.name));
}

/** A deployment reference: id, version, status, shortCode. */
export function normaliseDeployment(item: Pick<DeploymentListItem, "id" | "version" | "status" | "shortCode">): LiveDeploymentRef {
  return { id: item.id, version: item.version, status: item.status, ...(item.shortCode ? { shortCode: item.shortCode } : {}) };
}

/** The runtime read renames the user's OTEL_RESOURCE_ATTRIBUTES to CUSTOM_OTEL_RESOURCE_ATTRIBUTES (§2.7). */
function runtimeName(name: string): string {
  return name === "OTEL_RESOURCE_ATTRIBUTES" ? "CUSTOM_OTEL_RESOURCE_ATTRIBUTES" : name;
}
