import type { Change } from "../model/plan.js";

/** One line a reviewer reads under a change, beyond its fields. */
export interface DetailLine {
  level: "info" | "warning";
  text: string;
}

/**
 * The extra lines shown under a change in every human format (text and Markdown), in order. Today the
 * planner's notes (a lost secret flag, a value that could not be compared, a live queue override not in git,
 * a rollback…). This is the one place to add per-kind evidence, such as a promotion gate's verdict: both
 * renderers print whatever it returns, indented under the change (text) or in its table cell (Markdown).
 */
export function changeDetails(change: Change): DetailLine[] {
  return (change.notes ?? []).map((note) => ({ level: note.level, text: note.message }));
}
