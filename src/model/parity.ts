import type { EnvironmentName } from "./environments.js";
import type { ResourceKind } from "./plan.js";

/**
 * One cell of the parity matrix:
 * - `same`: equal in every environment that has it (two or more);
 * - `differs`: not equal everywhere; `group` letters cells that are equal to each other (`A`, `B`…);
 * - `missing`: not in this environment, but in another;
 * - `inherited`: read through a preview branch, the variable comes from the preview environment (its value still
 *   takes part in the comparison of the other cells);
 * - `present`: only this environment has it, so there is nothing to compare it with;
 * - `not-compared`: it exists, but its value could not be read (a secret whose value the plan does not read);
 * - `not-read`: the file does not manage this collection in this environment, so it was not read.
 */
export type ParityState = "same" | "differs" | "missing" | "inherited" | "present" | "not-compared" | "not-read";

/** A cell: its state, and for `differs` the group of equal values it belongs to. */
export interface ParityCell {
  state: ParityState;
  group?: string;
}

/** One setting across environments: an env var, a schedule, a queue setting or the deployed version. */
export interface ParityRow {
  /** The address without the environment: `envVars.LOG_LEVEL`, `schedules.nightly`, `queues.tasks.send-email`, `deployment`. */
  address: string;
  kind: ResourceKind;
  /** True unless every cell is `same`. */
  differs: boolean;
  cells: Partial<Record<EnvironmentName, ParityCell>>;
}

/** What differs between environments (no value, no digest: only states). */
export interface ParityMatrix {
  project: string;
  environments: EnvironmentName[];
  /** The preview branch an environment's variables were read through (`TRIGGER_PREVIEW_BRANCH`). */
  branches?: Partial<Record<EnvironmentName, string>>;
  /** Every setting read in any environment, sorted by kind then address. */
  rows: ParityRow[];
}
