import type { EnvironmentName } from "../model/environments.js";
import type { DesiredQueue } from "../model/desired.js";
import type { LiveQueue } from "../model/live.js";
import { DIAGNOSTIC, NOTE, changeIdentity, type Change, type ChangeNote, type FieldChange, type PlanDiagnostic } from "../model/plan.js";
import { updateOrNoop, type DiffResult } from "./diff-result.js";
import { similarNames } from "./similar.js";

/** Options of {@link diffQueue}. */
export interface QueueDiffOptions {
  /** Reset the override of a live queue that is not declared (`prune.queues`). @default false */
  prune?: boolean;
  /** The environment's maximum concurrency as read from the API, when known. */
  liveMaximum?: number;
  /** The maximum the user declared for the environment, when declared. */
  desiredMaximum?: number;
  /** Every live queue of the environment, to suggest similar names when the declared one is missing. */
  candidates?: readonly LiveQueue[];
}

/**
 * Diffs one queue setting. Queues always exist (they come from deploys and are never deleted,
 * api-behaviour.md §4.2), so a declared queue is never created: a missing one is a `queue-not-found`
 * diagnostic naming similar live queues.
 * - `concurrencyLimit: N` means "an override of N is active": an `update` of field `override` when the live
 *   override differs or none exists, even when the code-declared limit is already N (a deploy could change it).
 * - `concurrencyLimit: null` resets an active override (`update`, override X -> null); noop without one.
 * - `paused` is a field of the update (pause/resume).
 * - Undeclared live queues with an override: `delete` (= reset) when pruning, else `unmanaged`. Undeclared
 *   queues without override are not listed, unless paused (listed `unmanaged`, never resumed by prune).
 */
export function diffQueue(
  env: EnvironmentName,
  desired: DesiredQueue | undefined,
  live: LiveQueue | undefined,
  options: QueueDiffOptions = {},
): DiffResult {
  if (desired === undefined) {
    if (live === undefined || (live.override === null && !live.paused)) return { diagnostics: [] };
    return { change: undeclaredQueue(env, live, options.prune ?? false), diagnostics: [] };
  }
  const identity = changeIdentity(env, { kind: "queue", type: desired.type, name: desired.name });
  const addr = identity.address;
  const source = desired.source ? { source: desired.source } : {};
  if (live === undefined) {
    const names = similarNames(
      desired.name,
      (options.candidates ?? []).filter((q) => q.type === desired.type).map((q) => q.name),
    );
    const hint = names.length > 0 ? ` Similar ${desired.type} queues: ${names.join(", ")}.` : "";
    const message =
      `${desired.type === "task" ? "Task queue" : "Custom queue"} ${desired.name} does not exist in ${env}; ` +
      `queues are created by deploying the code that declares them.${hint}`;
    return { diagnostics: [{ severity: "error", code: DIAGNOSTIC.queueNotFound, address: addr, message, ...source }] };
  }

  const diagnostics: PlanDiagnostic[] = [];
  const fields: FieldChange[] = [];
  const limit = desired.concurrencyLimit;
  if (typeof limit === "number") {
    const maximum = minDefined(options.liveMaximum, options.desiredMaximum);
    if (maximum !== undefined && limit > maximum) {
      // The server rejects (does not clamp) a limit above the environment maximum (api-behaviour.md §4.7).
      diagnostics.push({
        severity: "error",
        code: DIAGNOSTIC.limitAboveMaximum,
        address: addr,
        message: `concurrencyLimit ${limit} exceeds the ${env} environment maximum of ${maximum}.`,
        ...source,
      });
    } else if (live.override !== limit) {
      fields.push({ path: "override", before: live.override, after: limit, sensitive: false });
    }
  } else if (limit === null && live.override !== null) {
    fields.push({ path: "override", before: live.override, after: null, sensitive: false });
  }
  if (desired.paused !== undefined && desired.paused !== live.paused) {
    fields.push({ path: "paused", before: live.paused, after: desired.paused, sensitive: false });
  }

  const notes: ChangeNote[] = [];
  const touchesLimit = fields.some((f) => f.path === "override") || live.override !== null;
  if (touchesLimit) notes.push(baseNote(live));
  if (live.override !== null && live.override !== limit) notes.push(overrideNote(live, limit === undefined));
  const change: Change = { ...identity, action: updateOrNoop(fields.length), fields, remoteId: live.id, ...source };
  if (notes.length > 0) change.notes = notes;
  return { change, diagnostics };
}

/** The code-declared limit: `base` while an override is active, else the effective limit (§4.3). */
export function codeDeclaredLimit(live: LiveQueue): number | null {
  return live.override !== null ? live.base : live.concurrencyLimit;
}

function undeclaredQueue(env: EnvironmentName, live: LiveQueue, prune: boolean): Change {
  const change: Change = {
    ...changeIdentity(env, { kind: "queue", type: live.type, name: live.name }),
    action: "unmanaged",
    fields: [],
    remoteId: live.id,
  };
  const notes: ChangeNote[] = [];
  if (live.override !== null) {
    notes.push(baseNote(live), overrideNote(live, !prune));
    if (prune) {
      change.action = "delete";
      change.fields = [{ path: "override", before: live.override, after: null, sensitive: false }];
    }
  }
  if (live.paused) notes.push({ level: "info", code: NOTE.paused, message: "Paused; not declared, so it is left paused." });
  change.notes = notes;
  return change;
}

function baseNote(live: LiveQueue): ChangeNote {
  const base = codeDeclaredLimit(live);
  return {
    level: "info",
    code: NOTE.base,
    message: `Code-declared limit: ${base === null ? "unlimited" : base}${live.override !== null ? ` (live override: ${live.override})` : ""}.`,
  };
}

function overrideNote(live: LiveQueue, informational: boolean): ChangeNote {
  // The API records no user for overrides made through it (overriddenBy is always null, §4.3).
  const by = live.overriddenBy ?? "the API";
  const at = live.overriddenAt ? ` at ${live.overriddenAt}` : "";
  return {
    level: informational ? "info" : "warning",
    code: NOTE.overrideNotInGit,
    message: `Override ${live.override} set by ${by}${at} is not declared in git.`,
  };
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
