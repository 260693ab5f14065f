import type { LiveSchedule } from "../model/live.js";
import { NOTE } from "../model/plan.js";
import type { DiffResult } from "./diff-result.js";

/**
 * Adds a note to each schedule the plan creates when an imperative schedule that stays unmanaged already runs
 * the same task on the same cron: applying would make two, and the usual intent is to take the existing one
 * over. The note says how (declare its `deduplicationKey:`; a create with an existing key updates that schedule,
 * api-behaviour.md §3.2 step 4), or, when the live one has no key the server shows, that it cannot be adopted.
 */
export function addAdoptionHints(results: DiffResult[], live: readonly LiveSchedule[]): void {
  const unmanaged = new Set(results.filter((r) => r.change?.action === "unmanaged").map((r) => r.change!.remoteId));
  const candidates = live.filter((s) => s.type === "IMPERATIVE" && unmanaged.has(s.id));
  for (const { change } of results) {
    if (change?.kind !== "schedule" || change.action !== "create") continue;
    const after = (path: string) => change.fields.find((f) => f.path === path)?.after;
    const twin = candidates.find((s) => s.task === after("task") && s.cron === after("cron"));
    if (!twin) continue;
    const same = `An unmanaged schedule ${twin.id} already runs task ${twin.task} on "${twin.cron}" (${twin.timezone})`;
    const message = twin.deduplicationKey
      ? `${same}: creating this one makes two. To adopt it instead, add \`deduplicationKey: ${JSON.stringify(twin.deduplicationKey)}\` to this schedule.`
      : `${same}: creating this one makes two. It has no deduplicationKey, so it cannot be adopted: delete it in the dashboard once this one exists.`;
    change.notes = [...(change.notes ?? []), { level: "warning", code: NOTE.adoptionHint, message }];
  }
}
