import type { ConfigDocument, PathSegment } from "./document.js";
import { textLineCol } from "./credentials.js";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A config document for a `trigger-iac.config.ts` whose value was produced by running it. Positions are
 * found by searching the source for each key of the path in turn (`key:`, `"key":` or `'key':`), starting
 * at `defineConfig(` or `export default`: exact for configs written as one object literal, the nearest
 * declared ancestor otherwise (values built in code have no place of their own).
 */
export function tsDocument(file: string, text: string, value: unknown): ConfigDocument {
  const lineCol = textLineCol(text);
  const startMatch = /defineConfig\s*\(|export\s+default/.exec(text);
  const start = startMatch ? startMatch.index : 0;
  const find = (path: readonly PathSegment[]): { keyAt?: number; valueAt?: number } => {
    let cursor = start;
    let found: { keyAt?: number; valueAt?: number } = {};
    for (const seg of path) {
      const re = new RegExp(`(?<![\\w$])(["'\`]?)${escapeRegExp(String(seg))}\\1\\s*:\\s*`, "g");
      re.lastIndex = cursor;
      const m = re.exec(text);
      if (!m) break;
      found = { keyAt: m.index, valueAt: m.index + m[0].length };
      cursor = m.index + m[0].length;
    }
    return found;
  };
  return {
    file,
    text,
    value,
    masks: [],
    locate: (path, target) => {
      const f = find(path);
      const offset = target === "key" ? f.keyAt : f.valueAt ?? f.keyAt;
      return offset === undefined ? { line: 1, col: 1 } : lineCol(offset);
    },
    valueRange: () => undefined,
  };
}
