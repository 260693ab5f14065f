import type { ValidationIssue } from "../model/source.js";
import { paint, type AnsiStyle } from "../util/ansi.js";

/** Options for {@link formatIssues}. */
export interface FormatOptions {
  /** ANSI colours (red errors, yellow warnings, dim frames). @default false */
  color?: boolean;
}


/**
 * Issues as text for a terminal or a log, one block per issue:
 * `file:line:col: error: message [code]` followed by the code frame, if any.
 *
 * @example
 * formatIssues(result.issues, { color: process.stdout.isTTY })
 */
export function formatIssues(issues: readonly ValidationIssue[], options: FormatOptions = {}): string {
  const c = (text: string, ...styles: AnsiStyle[]) => paint(options.color ?? false, text, ...styles);
  return issues
    .map((i) => {
      const level = i.severity === "error" ? c("error", "red", "bold") : c("warning", "yellow", "bold");
      const head = `${c(`${i.file}:${i.line}:${i.col}`, "bold")}: ${level}: ${i.message} ${c(`[${i.code}]`, "dim")}`;
      return i.frame ? `${head}\n${c(i.frame, "dim")}` : head;
    })
    .join("\n\n");
}
