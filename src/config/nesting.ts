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

/** A container met on the walk: the path to it is kept as links to its parents, built only for an issue. */
interface Visit {
  value: object;
  depth: number;
  key?: PathSegment;
  parent?: Visit;
}

/**
 * An error issue at the first value nested deeper than {@link MAX_NESTING} (a cycle in a TypeScript config
 * counts as infinitely deep), or undefined. Walks with an explicit stack: the check itself cannot overflow.
 * Only containers are visited, and no path is copied per value (a 30,000-variable file has as many).
 */
export function nestingIssue(doc: ConfigDocument): ValidationIssue | undefined {
  if (!isContainer(doc.value)) return undefined;
  const stack: Visit[] = [{ value: doc.value, depth: 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (visit.depth >= MAX_NESTING) return issueAt(doc, pathOf(visit), "value", "error", "nesting-too-deep", NESTING_MESSAGE);
    const value = visit.value as Record<string, unknown> | unknown[];
    const keys: PathSegment[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    // Reversed, so the first child is examined first and the issue points at the earliest deep place.
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = (value as Record<PathSegment, unknown>)[keys[i]];
      if (isContainer(child)) stack.push({ value: child, depth: visit.depth + 1, key: keys[i], parent: visit });
    }
  }
  return undefined;
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === "object";
}

function pathOf(visit: Visit): PathSegment[] {
  const path: PathSegment[] = [];
  for (let v: Visit | undefined = visit; v?.parent !== undefined; v = v.parent) path.push(v.key!);
  return path.reverse();
}
