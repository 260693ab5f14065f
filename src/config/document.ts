import type { ValidationIssue } from "../model/source.js";

/** One segment of a path into the config document: a map key or a sequence index. */
export type PathSegment = string | number;

/** A 1-based position in a config file. */
export interface Position {
  line: number;
  col: number;
}

/** Which end of a map entry a position refers to: the key (unknown keys) or the value (bad values). */
export type PositionTarget = "key" | "value";

/** A character range of the source text whose content must never be shown (secrets, credentials). */
export interface MaskRange {
  start: number;
  end: number;
}

/**
 * A parsed config file, whatever its syntax: the plain value plus a way back from a path to the text.
 * YAML documents locate exactly (yaml-positions.ts); TypeScript configs approximately (ts-positions.ts).
 */
export interface ConfigDocument {
  file: string;
  text: string;
  /** The plain data (JSON-like), `undefined` when the text could not be parsed at all. */
  value: unknown;
  /** Position of the node at `path`; falls back to the nearest ancestor that exists. */
  locate(path: readonly PathSegment[], target: PositionTarget): Position;
  /** Character ranges of values that must not appear in code frames (filled by the rules). */
  masks: MaskRange[];
  /** Offset of the value at `path` in `text` as [start, end), when known exactly. */
  valueRange(path: readonly PathSegment[]): [number, number] | undefined;
  /**
   * True when every value is in the text as written (a YAML file: the parser read each scalar from it), so no
   * value needs looking up to know that; a TypeScript config's values may be computed. @default false
   */
  valuesAsWritten?: boolean;
}

/** Dotted path as shown in messages: `environments.prod.schedules.nightly.cron`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join("");
}

/** Builds an issue at the position of `path` in `doc` (frames are added later, once masks are known). */
export function issueAt(
  doc: ConfigDocument,
  path: readonly PathSegment[],
  target: PositionTarget,
  severity: ValidationIssue["severity"],
  code: string,
  message: string,
): ValidationIssue {
  const pos = doc.locate(path, target);
  return { severity, code, path: formatPath(path), message, file: doc.file, line: pos.line, col: pos.col };
}

/** The value at `path` inside a plain object tree, or undefined. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

