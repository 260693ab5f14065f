import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Node, Pair, YAMLMap } from "yaml";
import type { ValidationIssue } from "../model/source.js";
import type { ConfigDocument, MaskRange, PathSegment, Position, PositionTarget } from "./document.js";
import { isStackOverflow, NESTING_MESSAGE } from "./nesting.js";
import { createMapIndex, findDuplicateKeys, plainValue, type MapLookup } from "./yaml-index.js";
import { withoutEnvironment } from "./yaml-quiet.js";

/** Why each yaml error code matters to a user, in plain words (the library's own text is kept after it). */
const YAML_CODE_HINTS: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: "duplicate key: each key may appear only once in a mapping",
  MULTIPLE_DOCS: "only one YAML document per file (remove the extra '---')",
  TAB_AS_INDENT: "tabs cannot indent YAML: use spaces",
};

/** A YAML file parsed into plain data, with its syntax issues. */
export interface ParsedYaml {
  doc: ConfigDocument;
  issues: ValidationIssue[];
}

/**
 * Parses YAML text with positions. Duplicate keys are errors (found in one pass, {@link findDuplicateKeys});
 * anchors, aliases and `<<` merge keys work (to share settings between environments), limited so a hostile
 * file cannot explode in memory. Positions are looked up through a per-map index, so locating every key of a
 * large file stays linear. Never throws.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // `uniqueKeys: false`: yaml's own check scans the map for every key (quadratic); ours is one pass.
  const ydoc = withoutEnvironment(() =>
    parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true, logLevel: "error" }),
  );
  const errors = [
    ...ydoc.errors.map((e) => ({ code: e.code as string, offset: e.pos[0], message: e.message })),
    ...findDuplicateKeys(ydoc).map((d) => ({ code: "DUPLICATE_KEY", offset: d.offset, message: "Map keys must be unique" })),
  ].sort((a, b) => a.offset - b.offset);
  const lookup = createMapIndex(keyText);
  const find = createFinder(ydoc, lookup);
  const issues: ValidationIssue[] = [];
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: Math.max(1, p.line), col: Math.max(1, p.col) };
  };
  let tooDeep = false;
  for (const e of errors) {
    const pos = at(e.offset);
    const hint = YAML_CODE_HINTS[e.code];
    let message = hint ? `${hint}` : `YAML syntax error: ${firstLine(e.message)}`;
    // The parser recurses per level: say what is wrong with the file, not what happened to the parser; once.
    if (isStackOverflow(e.message)) {
      if (tooDeep) continue;
      tooDeep = true;
      message = NESTING_MESSAGE;
    }
    if (e.code === "DUPLICATE_KEY") {
      const key = /^("[^"\n]*"|'[^'\n]*'|[^:\n]+)/.exec(text.slice(e.offset, e.offset + 1024))?.[1]?.trim();
      if (key) message = `duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : `'${key}'`}: each key may appear only once in a mapping (which one wins would be a guess)`;
    }
    issues.push({
      severity: "error",
      code: e.code === "DUPLICATE_KEY" ? "duplicate-key" : tooDeep && message === NESTING_MESSAGE ? "nesting-too-deep" : "yaml-syntax",
      path: "",
      message,
      file,
      line: pos.line,
      col: pos.col,
    });
  }
  for (const w of ydoc.warnings) {
    const pos = at(w.pos[0]);
    issues.push({ severity: "warning", code: "yaml-warning", path: "", message: `YAML: ${firstLine(w.message)}`, file, line: pos.line, col: pos.col });
  }
  let value: unknown = undefined;
  // Duplicate keys leave a sound tree, so the rest of the file is still checked; other syntax errors do not.
  if (ydoc.errors.length === 0) {
    try {
      value = plainValue(ydoc) ?? ydoc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      const msg = err instanceof Error ? firstLine(err.message) : String(err);
      const deep = isStackOverflow(msg);
      issues.push({ severity: "error", code: deep ? "nesting-too-deep" : "yaml-syntax", path: "", message: deep ? NESTING_MESSAGE : `YAML error: ${msg}`, file, line: 1, col: 1 });
    }
  }
  const doc: ConfigDocument = {
    file,
    text,
    value,
    // A file with syntax errors: either no rule runs (no secret is known) or a duplicate key hides one of two
    // values from them. Every inline `value:` is hidden from its frames (better hide too much than show a
    // secret in a CI log).
    masks: errors.length > 0 ? inlineValueRanges(text) : [],
    valuesAsWritten: true,
    locate: (path, target) => {
      const found = find(path);
      const offset = offsetOf(found, target);
      return offset === undefined ? { line: 1, col: 1 } : at(offset);
    },
    valueRange: (path) => {
      const found = find(path);
      if (found.depth !== path.length || !found.node?.range) return undefined;
      return [found.node.range[0], found.node.range[1]];
    },
  };
  return { doc, issues };
}

function firstLine(s: string): string {
  return s.split("\n")[0].trim();
}

interface Found {
  /** How many path segments were resolved. */
  depth: number;
  node: Node | null | undefined;
  /** The map entry holding `node`, when it is a map value. */
  pair?: Pair<unknown, unknown>;
}

function deref(ydoc: Document, node: unknown): Node | null | undefined {
  if (isAlias(node)) {
    try {
      return node.resolve(ydoc) as Node | undefined;
    } catch {
      return undefined;
    }
  }
  return node as Node | null | undefined;
}

function keyText(key: unknown): string {
  // A `<<` merge key holds a symbol as its value; its source text is what the user wrote.
  if (isScalar(key)) return typeof key.value === "symbol" ? (key.source ?? "<<") : String(key.value);
  if (key === null || key === undefined) return "";
  return String(key);
}

/**
 * {@link findNode} that remembers the parent it found last: items are located one after another under the same
 * parent (every variable of an environment, twice each), so the walk from the root is made once per parent.
 */
function createFinder(ydoc: Document, lookup: MapLookup): (path: readonly PathSegment[]) => Found {
  let parentPath: readonly PathSegment[] | undefined;
  let parent: Found | undefined;
  return (path) => {
    if (path.length === 0) return findNode(ydoc, path, lookup);
    if (parent === undefined || parentPath === undefined || !isChildPath(path, parentPath)) {
      parentPath = path.slice(0, -1);
      parent = findNode(ydoc, parentPath, lookup);
    }
    // A parent the tree does not fully hold: the walk from the root would stop at the same place.
    return parent.depth < parentPath.length ? parent : findNode(ydoc, path, lookup, parent);
  };
}

function isChildPath(path: readonly PathSegment[], parentPath: readonly PathSegment[]): boolean {
  if (path.length !== parentPath.length + 1) return false;
  for (let i = 0; i < parentPath.length; i++) if (path[i] !== parentPath[i]) return false;
  return true;
}

/** Walks `path` as far as it exists in the YAML tree, from `start` (the node found for a prefix of `path`). */
function findNode(ydoc: Document, path: readonly PathSegment[], lookup: MapLookup, start?: Found): Found {
  let found: Found = start ?? { depth: 0, node: ydoc.contents as Node | null };
  for (const seg of path.slice(found.depth)) {
    const node = deref(ydoc, found.node);
    if (isMap(node)) {
      const pair = findPair(ydoc, node, String(seg), 0, lookup);
      if (!pair) break;
      found = { depth: found.depth + 1, node: pair.value as Node | null, pair: pair as Pair<unknown, unknown> };
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      found = { depth: found.depth + 1, node: node.items[seg] as Node | null };
    } else {
      break;
    }
  }
  return found;
}

/** The entry for `key` in a map, including entries brought in by `<<` merge keys (the source of the value). */
function findPair(ydoc: Document, map: YAMLMap, key: string, depth: number, lookup: MapLookup): Pair | undefined {
  const own = lookup.entry(map, key);
  if (own || depth > 8) return own;
  for (const p of lookup.merges(map)) {
    const v = deref(ydoc, p.value);
    const sources = isSeq(v) ? v.items.map((i) => deref(ydoc, i)) : [v];
    for (const src of sources) {
      if (!isMap(src)) continue;
      const found = findPair(ydoc, src, key, depth + 1, lookup);
      if (found) return found;
    }
  }
  return undefined;
}

function offsetOf(found: Found, target: PositionTarget): number | undefined {
  const key = found.pair?.key as Node | undefined;
  const keyStart = key?.range?.[0];
  if (target === "key" && keyStart !== undefined) return keyStart;
  const valueStart = found.node?.range?.[0];
  // A value that is absent (`key:` with nothing after it) has an empty range at the end of the line;
  // point at the key instead, which is where the user looks.
  if (valueStart !== undefined && !(isScalar(found.node) && found.node.value === null && keyStart !== undefined)) {
    return valueStart;
  }
  return keyStart ?? valueStart ?? 0;
}

/**
 * `value: <scalar>` anywhere in the text (flow or block style), as character ranges of the scalar: the masks of
 * a file whose rules could not run, so whose secrets are unknown.
 */
export function inlineValueRanges(text: string): MaskRange[] {
  const ranges: MaskRange[] = [];
  const pattern = /(?:^|[\s{,])value\s*:[ \t]*("(?:[^"\\\n]|\\.)*"?|'(?:[^'\n]|'')*'?|[^\s,}#][^,}#\n]*)/g;
  for (const m of text.matchAll(pattern)) {
    const start = (m.index ?? 0) + m[0].length - m[1].length;
    ranges.push({ start, end: start + m[1].length });
  }
  return ranges;
}
