/**
 * Plain code-unit comparison for `Array.prototype.sort`: deterministic whatever the locale (no `localeCompare`),
 * so plans, fingerprints and listings order the same on every machine.
 * @example names.sort(compareStrings)
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
