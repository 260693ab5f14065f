import type { DesiredSchedule } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import type { Change } from "../model/plan.js";
import { canonicalSchedule, type CanonicalSchedule } from "./canonical.js";
import type { ApplyOps, ScheduleWrite } from "./ops.js";

/** A schedule as a plan writes it (its `after` side) or as a replace deletes it (its `before` side, put back on failure). */
export interface ScheduleSide {
  write: ScheduleWrite;
  active: boolean;
}

/**
 * One side of a schedule change, from the plan entry: its fields hold the `before` (live) and `after` (declared)
 * value of every field that differs (of every field for a create), and a field it does not list is the same on both
 * sides, so it is the declared one. The deduplicationKey never differs (that is how live and declared were matched).
 */
export function scheduleSide(change: Change, declared: DesiredSchedule, side: "before" | "after"): ScheduleSide {
  const want = canonicalSchedule(declared);
  const value = <K extends keyof CanonicalSchedule>(path: K): CanonicalSchedule[K] => {
    const field = change.fields.find((f) => f.path === path);
    return (field ? field[side] : want[path]) as CanonicalSchedule[K];
  };
  return {
    write: {
      task: value("task"),
      cron: value("cron"),
      timezone: value("timezone"),
      externalId: value("externalId"),
      deduplicationKey: declared.deduplicationKey,
    },
    active: value("active"),
  };
}

/**
 * After a replace deleted the live schedule and its create failed: creates the deleted schedule again (same
 * deduplicationKey, task, cron, timezone, externalId, and deactivated when it was), so that a failed replace
 * never leaves the environment without it. Returns the error to report: the create's own failure, saying that the
 * schedule was restored, or what to recreate by hand when the restore failed too.
 */
export async function restoreReplacedSchedule(ops: ApplyOps, env: EnvironmentName, old: ScheduleSide, cause: unknown): Promise<Error> {
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
