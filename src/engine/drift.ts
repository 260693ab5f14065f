import type { Change, Plan } from "../model/plan.js";
import { NOTE } from "./notes.js";

/**
 * True for a change that apply leaves alone although live differs from the configuration: an owned object
 * no longer declared and kept only because its prune setting is off (`kept-not-pruned`).
 */
export function isKeptDrift(change: Change): boolean {
  return change.action === "unmanaged" && (change.notes ?? []).some((n) => n.code === NOTE.keptNotPruned);
}

/**
 * How many changes of the plan are drift that apply does not act on (see {@link isKeptDrift}). Such a plan
 * is not clean: `plan --detailed-exitcode` exits 2 and the summary line says so.
 */
export function keptDriftCount(plan: Pick<Plan, "changes">): number {
  return plan.changes.filter(isKeptDrift).length;
}
