import type { ValidationIssue } from "../model/source.js";

/** Options for {@link formatIssues}. */
export interface FormatOptions {
  /** ANSI colours (red errors, yellow warnings, dim frames). @default false */
  color?: boolean;
}

const ANSI = { red: "\u001b[31m", yellow: "\u001b[33m", dim: "\u001b[2m", bold: "\u001b[1m", reset: "\u001b[0m" };

/**
 * Issues as text for a terminal or a log, one block per issue:
 * `file:line:col: error: message [code]` followed by the code frame, if any.
 *
 * @example
 * formatIssues(result.issues, { color: process.stdout.isTTY })
 */
export function formatIssues(issues: readonly ValidationIssue[], options: FormatOptions = {}): string {
  const c = (code: string, s: string) => (options.color ? `${code}${s}${ANSI.reset}` : s);
  return issues
    .map((i) => {
      const level = i.severity === "error" ? c(ANSI.red + ANSI.bold, "error") : c(ANSI.yellow + ANSI.bold, "warning");
      const head = `${c(ANSI.bold, `${i.file}:${i.line}:${i.col}`)}: ${level}: ${i.message} ${c(ANSI.dim, `[${i.code}]`)}`;
      return i.frame ? `${head}\n${c(ANSI.dim, i.frame)}` : head;
    })
    .join("\n\n");
}
