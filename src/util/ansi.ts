/**
 * The terminal styles trigger-iac prints with: each an SGR open code and the code that closes only that style
 * (22 ends bold and dim, 39 the foreground colour), so styles nest without resetting each other.
 */
export const ANSI_STYLES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const satisfies Record<string, readonly [number, number]>;

/** A style name of {@link ANSI_STYLES}. */
export type AnsiStyle = keyof typeof ANSI_STYLES;

/**
 * `text` wrapped in the given styles when `enabled`, else unchanged (the caller decides: TTY, `NO_COLOR`,
 * `--no-color`, a library option).
 * @example paint(true, "error", "red", "bold")
 */
export function paint(enabled: boolean, text: string, ...styles: readonly AnsiStyle[]): string {
  if (!enabled || styles.length === 0) return text;
  const open = styles.map((s) => `\u001b[${ANSI_STYLES[s][0]}m`).join("");
  const close = [...styles].reverse().map((s) => `\u001b[${ANSI_STYLES[s][1]}m`).join("");
  return open + text + close;
}
