import { ENVIRONMENT_NAMES } from "../model/environments.js";
import { KIND_ORDER, type Change, type PlanDiagnostic, type PlanSummary, type ResourceKind } from "../model/plan.js";
import { compareStrings } from "../util/compare.js";

/**
 * Within one environment, which kinds must be applied before a kind starts (only when they have changes; the
 * rest runs side by side). Each edge and why:
 * - deployment after envVar: a promoted version starts runs at once, and its tasks read the variables.
 * - queue after deployment: promotion makes that version's tasks, and so their queues, current (it syncs task
 *   identifiers, api-behaviour.md §5.5 step 7); the queue changes were planned for the declared version.
 * - schedule after deployment: promotion re-syncs the version's declarative schedules (§5.5 step 7), and a new
 *   schedule for a task of the new version could otherwise fire on the old version, which lacks the task.
 * Env vars versus queues and schedules, and queues versus schedules, are separate objects on the server: no edge.
 */
export const APPLY_AFTER: Readonly<Record<ResourceKind, readonly ResourceKind[]>> = {
  envVar: [],
  deployment: ["envVar"],
  queue: ["deployment"],
  schedule: ["deployment"],
};

/**
 * Runs `run` for each group of an environment's jobs (`groups[i]` holds the {@link KIND_ORDER}[i] kind), each as
 * soon as the groups {@link APPLY_AFTER} names for it are done; resolves when all are done. `run` must not throw.
 */
export async function runInApplyOrder<T>(groups: readonly (readonly T[])[], run: (group: readonly T[]) => Promise<void>): Promise<void> {
  const done = new Map<ResourceKind, Promise<void>>();
  KIND_ORDER.forEach((kind, i) => {
    const before = APPLY_AFTER[kind].filter((k) => (groups[KIND_ORDER.indexOf(k)]?.length ?? 0) > 0).map((k) => done.get(k));
    const group = groups[i] ?? [];
    done.set(kind, Promise.all(before).then(() => (group.length > 0 ? run(group) : undefined)));
  });
  await Promise.all(done.values());
}

/** Sorts changes by environment ({@link ENVIRONMENT_NAMES} order), kind ({@link KIND_ORDER}), address. */
export function sortChanges(changes: Change[]): Change[] {
  return [...changes].sort(
    (a, b) =>
      ENVIRONMENT_NAMES.indexOf(a.environment) - ENVIRONMENT_NAMES.indexOf(b.environment) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      compareStrings(a.address, b.address),
  );
}

/** Sorts diagnostics by environment (the first address segment), address, then code. */
export function sortDiagnostics(diagnostics: PlanDiagnostic[]): PlanDiagnostic[] {
  const envIndex = (d: PlanDiagnostic) => (ENVIRONMENT_NAMES as readonly string[]).indexOf(d.address.split(".")[0]);
  return [...diagnostics].sort(
    (a, b) => envIndex(a) - envIndex(b) || compareStrings(a.address, b.address) || compareStrings(a.code, b.code),
  );
}

/** Counts the actions that change something. */
export function summarize(changes: readonly Change[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const change of changes) {
    if (change.action in summary) summary[change.action as keyof PlanSummary]++;
  }
  return summary;
}
