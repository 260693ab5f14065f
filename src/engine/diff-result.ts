import type { Change, PlanDiagnostic } from "../model/plan.js";

/**
 * What a per-kind diff returns for one resource: the change (absent when there is nothing to list, e.g. an
 * undeclared queue without override) and the plan-time refusals found on the way.
 */
export interface DiffResult {
  change?: Change;
  diagnostics: PlanDiagnostic[];
}

/** The action for a declared object that exists remotely: `noop` without field changes, else `update`. */
export function updateOrNoop(fieldCount: number): "update" | "noop" {
  return fieldCount === 0 ? "noop" : "update";
}
