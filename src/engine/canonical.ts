import { externalIdOrNull, type DesiredSchedule } from "../model/desired.js";
import type { LiveSchedule } from "../model/live.js";

/**
 * The comparable shape of a schedule: the fields this tool writes, normalised the same way on both sides
 * so that a round trip through the API never shows up as drift.
 */
export type CanonicalSchedule = Pick<DesiredSchedule, (typeof SCHEDULE_FIELDS)[number]>;

/** The fields of a {@link CanonicalSchedule}, in display order. */
export const SCHEDULE_FIELDS = ["task", "cron", "timezone", "externalId", "active"] as const;

/**
 * Normalises a desired or live schedule for comparison.
 * - cron: whitespace collapsed (the server rejects doubled spaces anyway, api-behaviour.md §3.2);
 * - externalId: `""` becomes null, because the server stores an externalId only when it is truthy (§3.2 step 4);
 * - timezone: an empty string is what the server stores for `""` (§3.2), kept as-is so drift stays visible.
 */
export function canonicalSchedule(s: DesiredSchedule | LiveSchedule): CanonicalSchedule {
  return {
    task: s.task,
    cron: s.cron.trim().split(/\s+/).join(" "),
    timezone: s.timezone,
    externalId: externalIdOrNull(s.externalId),
    active: s.active,
  };
}

/**
 * Compares two deployment versions the way the server does before a promotion
 * (`compareDeploymentVersions`, api-behaviour.md §5.5): a string compare on the date part, then a numeric
 * compare on the suffix. Returns a negative number when `a` is older than `b`, 0 when equal, positive when newer.
 * @example compareDeploymentVersions("20261118.1", "20261120.3") < 0
 */
export function compareDeploymentVersions(a: string, b: string): number {
  const [aDate, aSuffix] = splitVersion(a);
  const [bDate, bSuffix] = splitVersion(b);
  if (aDate !== bDate) return aDate < bDate ? -1 : 1;
  return aSuffix - bSuffix;
}

function splitVersion(version: string): [string, number] {
  const dot = version.indexOf(".");
  if (dot === -1) return [version, 0];
  const suffix = Number(version.slice(dot + 1));
  return [version.slice(0, dot), Number.isFinite(suffix) ? suffix : 0];
}

/**
 * Serialises a value as JSON with object keys sorted and `undefined` members dropped: the same data always
 * gives the same string (used for fingerprints and for comparing changes).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    // Null prototype: a name such as `__proto__` (from a file or the server) stays an ordinary key.
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = sortKeys(member);
    }
    return out;
  }
  return value;
}
