import type { ValidationIssue } from "../model/source.js";
import type { ConfigDocument, PathSegment } from "./document.js";
import { issueAt } from "./document.js";

/**
 * Deepest nesting a config file may have. The deepest real path is six levels
 * (`environments.prod.queues.tasks.<name>.concurrencyLimit`); anything near this limit is a mistake or an
 * attack, and refusing it early keeps every recursive step after parsing (schema, rules, frames) safe.
 */
export const MAX_NESTING = 32;

/** The message for nesting beyond {@link MAX_NESTING}, wherever it is detected. */
export const NESTING_MESSAGE = `nesting deeper than ${MAX_NESTING} levels: a trigger-iac file needs at most 6 (environments.<env>.queues.tasks.<name>.concurrencyLimit)`;

/** True for an error the YAML parser reports when the text was nested deeper than its stack allows. */
export function isStackOverflow(message: string): boolean {
  return /Maximum call stack size exceeded|too much recursion/i.test(message);
}

/**
 * An error issue at the first value nested deeper than {@link MAX_NESTING} (a cycle in a TypeScript config
 * counts as infinitely deep), or undefined. Walks with an explicit stack: the check itself cannot overflow.
 */
export function nestingIssue(doc: ConfigDocument): ValidationIssue | undefined {
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: doc.value, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (path.length >= MAX_NESTING) return issueAt(doc, path, "value", "error", "nesting-too-deep", NESTING_MESSAGE);
    const entries: [PathSegment, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    // Reversed, so the first child is examined first and the issue points at the earliest deep place.
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: [...path, entries[i][0]] });
  }
  return undefined;
}
