import { NOTE, keptDriftCount, awaitingDeployment, type Change, type ChangeAction, type FieldChange, type Plan, type PlanSummary } from "../model/plan.js";

/** The marker of each action, Terraform style. */
export const ACTION_SYMBOL: Readonly<Record<ChangeAction, string>> = {
  create: "+",
  update: "~",
  replace: "-/+",
  delete: "-",
  noop: "=",
  unmanaged: "?",
};

/**
 * Text safe for a terminal or a CI log: control characters (ESC, newlines…) become `\uXXXX`. Names come
 * from the server, which does not validate them (api-behaviour.md §0 item 4), so an env var named
 * `"X\u001b[2J\nNo changes."` must not be able to clear the screen or forge a line of the plan.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A field value as shown to a reviewer: strings quoted (so `""` and `"null"` stay visible), null as `null`. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "null";
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * One field line without indentation: `path: before -> after`, only the new value for a create and the old
 * one for a delete. A masked value is never shown: a change says `(value changed)` or `(sensitive value changed)`
 * (product.md), a value being created or deleted says `(value hidden)` or `(sensitive value)`, and a change
 * whose new value is written in the config says `(live value hidden) -> "debug"`. `arrow`: Markdown uses `→`.
 */
export function formatField(action: ChangeAction, field: FieldChange, arrow = "->"): string {
  if (field.masked === "before") return `${field.path}: ${LIVE_HIDDEN} ${arrow} ${formatValue(field.after)}`;
  if (field.masked) return `${field.path}: ${maskedText(action, field.sensitive)}`;
  if (action === "create") return `${field.path}: ${formatValue(field.after)}`;
  if (action === "delete") return `${field.path}: ${formatValue(field.before)}`;
  return `${field.path}: ${formatValue(field.before)} ${arrow} ${formatValue(field.after)}`;
}

/** What stands for a live value that is not shown. */
export const LIVE_HIDDEN = "(live value hidden)";

function maskedText(action: ChangeAction, sensitive: boolean): string {
  if (action === "create" || action === "delete") return sensitive ? "(sensitive value)" : "(value hidden)";
  return sensitive ? "(sensitive value changed)" : "(value changed)";
}

/**
 * `Plan: 2 to create, 3 to update, 1 to replace, 0 to delete.` or the no-changes sentence. With `errors`
 * (error diagnostics) it never claims that live state matches: an erroneous declaration produces no change,
 * so a plan with only errors would otherwise read as clean. Nor with `kept` owned objects that are no longer
 * declared and kept because prune is off, nor with `awaiting` environments whose schedules wait for a deployment.
 */
export function summaryLine(summary: PlanSummary, errors = 0, kept = 0, awaiting = 0): string {
  const blocked = errors > 0 ? ` ${errors} error(s) (see Diagnostics): apply refuses this plan until they are fixed.` : "";
  if (summary.create + summary.update + summary.replace + summary.delete === 0) {
    if (errors > 0) return `No changes planned, but the plan has${blocked}`;
    // Owned objects kept by a prune setting: nothing to do, but live does not match the configuration either.
    if (kept > 0) return `No changes planned, but ${kept} object(s) no longer declared are kept (prune is off; see the notes above).`;
    // Not "matches" either: the declared schedules of those environments are not there (no-current-deployment).
    if (awaiting > 0) return `No changes to apply now; the schedules of ${awaiting} environment(s) wait for a deployment (see Diagnostics).`;
    return "No changes. Live state matches the configuration.";
  }
  return `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.replace} to replace, ${summary.delete} to delete.${blocked ? ` The plan has${blocked}` : ""}`;
}

/** The plan's summary line, with its error, kept-drift and waiting-environment counts. */
export function planSummaryLine(plan: Pick<Plan, "summary" | "diagnostics" | "changes">): string {
  return summaryLine(plan.summary, errorCount(plan), keptDriftCount(plan), awaitingDeployment(plan));
}

/** How many diagnostics of a plan are errors. */
export function errorCount(plan: Pick<Plan, "diagnostics">): number {
  return plan.diagnostics.filter((d) => d.severity === "error").length;
}

/** True when the change removes a secret flag: shown prominently in every format. */
export function losesSecretFlag(change: Change): boolean {
  return (change.notes ?? []).some((n) => n.code === NOTE.secretFlagLost);
}

/** True for the changes every format names first: deletes, replaces and secret-flag losses. */
export function isDestructive(change: Change): boolean {
  return change.action === "delete" || change.action === "replace" || losesSecretFlag(change);
}

/**
 * The changes a renderer lists: everything except plain noops (a noop is shown only when it carries a
 * note a reviewer should read, such as `value-not-comparable`).
 */
export function isListed(change: Change): boolean {
  return change.action !== "noop" || (change.notes ?? []).length > 0;
}

/** `file:line:col` of a source reference. */
export function formatSource(source: { file: string; line: number; col: number } | undefined): string {
  return source ? `${source.file}:${source.line}:${source.col}` : "";
}
