import type { DesiredSchedule } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { Change } from "../model/plan.js";
import { canonicalSchedule, type CanonicalSchedule } from "./canonical.js";
import type { ApplyOps, ScheduleWrite } from "./ops.js";

/** The live schedule a replace deletes, as the plan saw it: what a failed replace puts back. */
export interface ReplacedSchedule {
  write: ScheduleWrite;
  active: boolean;
}

/**
 * The schedule a `replace` change deletes, from the plan entry: its fields hold the live (`before`) value of every
 * field that differs, and every other field equals the declared one; the deduplicationKey is the same on both
 * sides (that is how they were matched).
 */
export function replacedSchedule(change: Change, declared: DesiredSchedule): ReplacedSchedule {
  const want = canonicalSchedule(declared);
  const before = <K extends keyof CanonicalSchedule>(path: K): CanonicalSchedule[K] => {
    const field = change.fields.find((f) => f.path === path);
    return (field ? field.before : want[path]) as CanonicalSchedule[K];
  };
  return {
    write: {
      task: before("task"),
      cron: before("cron"),
      timezone: before("timezone"),
      externalId: before("externalId"),
      deduplicationKey: declared.deduplicationKey,
    },
    active: before("active"),
  };
}

/**
 * After a replace deleted the live schedule and its create failed: creates the deleted schedule again (same
 * deduplicationKey, task, cron, timezone, externalId, and deactivated when it was), so that a failed replace
 * never leaves the environment without it. Returns the error to report: the create's own failure, saying that the
 * schedule was restored, or what to recreate by hand when the restore failed too.
 */
export async function restoreReplacedSchedule(ops: ApplyOps, env: EnvironmentName, old: ReplacedSchedule, cause: unknown): Promise<Error> {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const { write } = old;
  const what =
    `task ${write.task}, cron ${write.cron}, timezone ${write.timezone}` +
    `${write.externalId ? `, externalId ${write.externalId}` : ""}${old.active ? "" : ", inactive"}, deduplicationKey ${write.deduplicationKey}`;
  try {
    const { id } = await ops.createSchedule(env, write);
    if (!old.active) await ops.setScheduleActive(env, id, false);
    return new Error(`${reason} The deleted schedule was restored as it was (${what}) as ${id}: the replace did not happen.`);
  } catch (error) {
    const again = error instanceof Error ? error.message : String(error);
    return new Error(`${reason} Restoring the deleted schedule failed too (${again}): recreate it (${what}).`);
  }
}
