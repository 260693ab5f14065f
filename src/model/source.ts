/** Where a value was declared: the config file and the 1-based line and column of its YAML node. */
export interface SourceRef {
  file: string;
  line: number;
  col: number;
}

/** How serious a {@link ValidationIssue} is: errors stop the command, warnings are printed and ignored. */
export type Severity = "error" | "warning";

/**
 * One problem found in the desired state, with its position. Validation returns all of them at once;
 * the CLI prints them, the Pulumi providers turn them into check failures.
 */
export interface ValidationIssue {
  severity: Severity;
  /** Stable machine-readable code, e.g. `unknown-key`, `cron-fields`, `timezone-unknown`. */
  code: string;
  /** Dotted path in the config document, e.g. `environments.prod.schedules.nightly.cron`. */
  path: string;
  /** What is wrong and what to do, in words a user understands. */
  message: string;
  file: string;
  line: number;
  col: number;
  /** A few source lines around the position with a caret, for terminals. */
  frame?: string;
}
