/** True for a plain JSON-like object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A copy of `record` without its `undefined` members, in the same key order: what JSON output, option merging and
 * Pulumi outputs want (a key whose value is undefined would be dropped by the wire, or would override a default).
 * Typed as `T`: a member that was undefined is now absent, which reads the same.
 */
export function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
