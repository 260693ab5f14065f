import { ENVIRONMENT_NAMES } from "../model/environments.js";
import type { Change, PlanDiagnostic, PlanSummary, ResourceKind } from "../model/plan.js";

/**
 * The fixed kind order of a plan, which is also the apply order within an environment: variables first (a
 * promoted version may read them), then the promotion (it re-syncs declarative schedules and writes queue
 * bases, api-behaviour.md §5.5, §4.7), then queue settings, then schedules.
 */
export const KIND_ORDER: readonly ResourceKind[] = ["envVar", "deployment", "queue", "schedule"];

/** Plain code-unit comparison: deterministic whatever the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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

/** True for the actions that change something remotely. */
export function isActionable(change: Change): boolean {
  return change.action !== "noop" && change.action !== "unmanaged";
}
