import type { EnvironmentName } from "../model/environments.js";
import { MANAGED_DEDUP_PREFIX, type DesiredSchedule } from "../model/desired.js";
import type { LiveSchedule } from "../model/live.js";
import { NOTE, changeIdentity, type Change, type FieldChange } from "../model/plan.js";
import { canonicalSchedule, SCHEDULE_FIELDS, type CanonicalSchedule } from "./canonical.js";
import type { DiffResult } from "./diff-result.js";

/** The prefix of the deduplicationKeys this tool gives schedules declared in `env`. */
export function managedSchedulePrefix(env: EnvironmentName): string {
  return `${MANAGED_DEDUP_PREFIX}${env}:`;
}

/**
 * The address key of a live schedule that is not declared: the schedule key when its deduplicationKey is
 * this tool's own (`iac:<env>:<key>`), so that removing a schedule from the file deletes the same address
 * the plan showed before; otherwise the server id, which never collides with another schedule.
 */
export function liveScheduleKey(env: EnvironmentName, live: LiveSchedule): string {
  const prefix = managedSchedulePrefix(env);
  if (live.type === "IMPERATIVE" && live.deduplicationKey?.startsWith(prefix)) {
    return live.deduplicationKey.slice(prefix.length);
  }
  return live.id;
}

/**
 * Diffs one schedule. Identity is environment + key; the live match is the schedule whose
 * deduplicationKey equals the declared one (the caller finds it).
 * - A different task is a `replace`: the server never changes a task on update (api-behaviour.md §3.2 step 4).
 * - cron, timezone, externalId differences are an `update` (all three are always sent: omitted ones are reset).
 * - `active` is a field of the update, applied with activate/deactivate (the update never changes it).
 * - A live declarative schedule is `unmanaged` with a read-only note, never changed.
 * - A live imperative schedule not declared whose deduplicationKey carries this environment's `iac:<env>:` mark
 *   was created by this tool: it is deleted when `prune` is set (the default, `prune.schedules`), else kept as
 *   `unmanaged` with a `kept-not-pruned` warning (drift: `plan --detailed-exitcode` exits 2). Anything else
 *   (hand-made, another environment's, declarative) stays `unmanaged` and is never changed.
 */
export function diffSchedule(
  env: EnvironmentName,
  desired: DesiredSchedule | undefined,
  live: LiveSchedule | undefined,
  prune = true,
): DiffResult {
  if (desired === undefined) {
    if (live === undefined) return { diagnostics: [] };
    return { change: undeclaredSchedule(env, live, prune), diagnostics: [] };
  }
  const base = {
    ...changeIdentity(env, { kind: "schedule", key: desired.key }),
    ...(desired.source ? { source: desired.source } : {}),
  };
  const want = canonicalSchedule(desired);
  if (live === undefined) {
    const fields = scheduleFields(null, want);
    fields.push({ path: "deduplicationKey", before: null, after: desired.deduplicationKey, sensitive: false });
    return { change: { ...base, action: "create", fields }, diagnostics: [] };
  }
  const have = canonicalSchedule(live);
  const fields = scheduleFields(have, want).filter((f) => f.before !== f.after);
  const action = fields.length === 0 ? "noop" : have.task !== want.task ? "replace" : "update";
  return { change: { ...base, action, fields, remoteId: live.id }, diagnostics: [] };
}

function undeclaredSchedule(env: EnvironmentName, live: LiveSchedule, prune: boolean): Change {
  const change: Change = {
    ...changeIdentity(env, { kind: "schedule", key: liveScheduleKey(env, live) }),
    action: "unmanaged",
    fields: [],
    remoteId: live.id,
  };
  if (live.type === "DECLARATIVE") {
    change.notes = [
      {
        level: "info",
        code: NOTE.readOnly,
        message: `Declarative schedule of task ${live.task} (${live.cron}), defined in code with schedules.task(): read-only, never changed.`,
      },
    ];
    return change;
  }
  const managed = live.deduplicationKey?.startsWith(managedSchedulePrefix(env)) ?? false;
  if (prune && managed) {
    change.action = "delete";
    change.fields = scheduleFields(canonicalSchedule(live), null);
    change.fields.push({ path: "deduplicationKey", before: live.deduplicationKey, after: null, sensitive: false });
    return change;
  }
  // Say what the schedule is, so a reviewer can tell it apart from the others without the dashboard.
  const what = `Schedule of task ${live.task} (${live.cron}, ${live.timezone})`;
  if (managed) {
    change.notes = [
      {
        level: "warning",
        code: NOTE.keptNotPruned,
        message: `${what} created by trigger-iac and no longer declared: kept because prune.schedules is false (remove that setting to delete it).`,
      },
    ];
    return change;
  }
  const message = `${what} created outside trigger-iac (${live.deduplicationKey ? `deduplicationKey ${live.deduplicationKey}` : "no deduplicationKey"}): never changed or deleted.`;
  change.notes = [{ level: "info", code: NOTE.notDeclared, message }];
  return change;
}

function scheduleFields(before: CanonicalSchedule | null, after: CanonicalSchedule | null): FieldChange[] {
  return SCHEDULE_FIELDS.map((path) => ({
    path,
    before: before ? before[path] : null,
    after: after ? after[path] : null,
    sensitive: false,
  }));
}
