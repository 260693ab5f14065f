import type { ConfigDocument, PathSegment } from "./document.js";

/**
 * True when the string `value` at `path` is written verbatim in the file, so it is in git already and a plan
 * may show it (product.md, Values). A YAML scalar always is (the parser located it in the text). A TypeScript
 * config is run, so its values may be built in code (`process.env.X`, a function call): there the value counts
 * only when its place in the source is a quoted string literal with exactly that content, and is masked otherwise.
 */
export function writtenLiterally(doc: ConfigDocument, path: readonly PathSegment[], value: string): boolean {
  if (doc.valuesAsWritten === true || doc.valueRange(path) !== undefined) return true;
  const { line, col } = doc.locate(path, "value");
  const offset = offsetOf(doc.text, line, col);
  if (offset === undefined) return false;
  const quote = doc.text[offset];
  if (quote !== '"' && quote !== "'" && quote !== "`") return false;
  const body = doc.text.slice(offset + 1, offset + 1 + value.length);
  // A template literal with a substitution, or an escape sequence, is not the value as written.
  if (body !== value || doc.text[offset + 1 + value.length] !== quote) return false;
  return !value.includes("\\") && !(quote === "`" && value.includes("${"));
}

function offsetOf(text: string, line: number, col: number): number | undefined {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return undefined;
    offset = next + 1;
  }
  const at = offset + col - 1;
  return at < text.length ? at : undefined;
}
