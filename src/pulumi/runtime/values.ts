/**
 * Helpers for the plain values the host hands to provider methods. During a preview an input that depends
 * on another resource's output arrives as this literal string (shared/reference/pulumi-dynamic.md §1.5, §4):
 * check and diff must tolerate it, create and update never see it.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `v` is, or contains, a preview placeholder. */
export function isUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(isUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(isUnknown);
  return false;
}

/** A record without `undefined` members, so outputs hold no keys that the wire would drop anyway. */
export { dropUndefined as compact } from "../../util/objects.js";

/** The names of `keys` whose values differ between `a` and `b` (deep, by JSON), or are unknown in `b`. */
export function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((k) => isUnknown(b[k]) || JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null));
}
