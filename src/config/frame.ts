import type { MaskRange } from "./document.js";

/** Replaces masked characters with `*`, keeping line breaks and length so columns still line up. */
export function applyMasks(text: string, masks: readonly MaskRange[]): string {
  if (masks.length === 0) return text;
  const chars = [...text.split("")];
  for (const m of masks) {
    for (let i = Math.max(0, m.start); i < Math.min(m.end, chars.length); i++) {
      if (chars[i] !== "\n" && chars[i] !== "\r") chars[i] = "*";
    }
  }
  return chars.join("");
}

/**
 * A short code frame: the line before, the line itself and a caret under the column.
 *
 * ```
 *   11 |     queues:
 * > 12 |       send-email: { concurrencyLimit: 200000 }
 *      |                                       ^
 * ```
 * `text` must already be masked (see {@link applyMasks}). Returns undefined for a line outside the text.
 */
export function codeFrame(text: string, line: number, col: number): string | undefined {
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return undefined;
  const first = Math.max(1, line - 1);
  const width = String(line).length;
  const out: string[] = [];
  for (let n = first; n <= line; n++) {
    const src = clip(lines[n - 1].replace(/\t/g, " "));
    out.push(`${n === line ? ">" : " "} ${String(n).padStart(width)} | ${src}`.trimEnd());
  }
  const caretCol = Math.min(Math.max(1, col), 200);
  out.push(`  ${" ".repeat(width)} | ${" ".repeat(caretCol - 1)}^`);
  return out.join("\n");
}

/** Very long lines (minified or generated files) are cut so a frame stays readable. */
function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
