import type { EnvironmentName } from "../model/environments.js";
import { isPresenceOnly, type DesiredEnvVar } from "../model/desired.js";
import type { LiveEnvVar } from "../model/live.js";
import { DIAGNOSTIC, NOTE, changeIdentity, type Change, type ChangeNote, type FieldChange } from "../model/plan.js";
import { updateOrNoop, type DiffResult } from "./diff-result.js";

/** Options of {@link diffEnvVar}. */
export interface EnvVarDiffOptions {
  /** Delete a live variable that is not declared (`prune.envVars`). @default false */
  prune?: boolean;
  /** Reveal values of variables that are plain on both sides (`--show-values`). Secret values never. @default false */
  showValues?: boolean;
  /** The preview branch the variables were read through (see `LiveEnvironment.envVarBranch`). */
  branch?: { name: string; parentRead: boolean };
}

/**
 * Diffs one environment variable. Values are compared; a plain value written literally in the config is
 * copied into the change, live and `fromEnv` values only when `showValues` is set, and secret values never.
 * A secret live variable whose value could not be read (the list redacts it, api-behaviour.md §2.1) is
 * not compared: no invented drift, a `value-not-comparable` note instead. Read through a preview branch, an
 * inherited variable is never deleted (`inherited`), and a differing declared value is created as the branch's
 * own (`branch-override`).
 */
export function diffEnvVar(
  env: EnvironmentName,
  name: string,
  desired: DesiredEnvVar | undefined,
  live: LiveEnvVar | undefined,
  options: EnvVarDiffOptions = {},
): DiffResult {
  const base = changeIdentity(env, { kind: "envVar", name });
  const addr = base.address;
  if (desired === undefined) {
    if (live === undefined) return { diagnostics: [] };
    const kept = undeclaredInBranch(name, live, options);
    if (kept) return { change: { ...base, action: "unmanaged", fields: [], notes: [kept] }, diagnostics: [] };
    if (!options.prune) return { change: { ...base, action: "unmanaged", fields: [] }, diagnostics: [] };
    const fields: FieldChange[] = [
      valueField(live.value, undefined, live.isSecret, false, false, options),
      { path: "secret", before: live.isSecret, after: null, sensitive: false },
    ];
    return { change: { ...base, action: "delete", fields }, diagnostics: [] };
  }
  const source = desired.source;
  if (isPresenceOnly(desired)) {
    // `{ exists: true }`: only presence is checked; the value is managed elsewhere (never written or pruned).
    if (live === undefined) {
      return {
        diagnostics: [
          {
            severity: "error",
            code: DIAGNOSTIC.envVarMissing,
            address: addr,
            message: `${name} must exist in ${env} (declared with exists: true) but is not set there; set it in the dashboard or with the Trigger.dev CLI.`,
            ...(source ? { source } : {}),
          },
        ],
      };
    }
    return { change: withSource({ ...base, action: "noop", fields: [] }, source), diagnostics: [] };
  }
  if (live === undefined) {
    const fields = [
      valueField(undefined, desired.value, false, desired.secret, desired.literal === true, options),
      { path: "secret", before: null, after: desired.secret, sensitive: false },
    ];
    return { change: withSource({ ...base, action: "create", fields }, source), diagnostics: [] };
  }

  const fields: FieldChange[] = [];
  const notes: ChangeNote[] = [];
  if (live.value === undefined) {
    notes.push({
      level: "info",
      code: NOTE.valueNotComparable,
      message: `The secret value of ${name} could not be read, so it was not compared; apply writes it only when another field changes.`,
    });
  } else if (live.value !== desired.value) {
    fields.push(valueField(live.value, desired.value, live.isSecret, desired.secret, desired.literal === true, options));
  }
  if (live.isSecret !== desired.secret) {
    fields.push({ path: "secret", before: live.isSecret, after: desired.secret, sensitive: false });
    if (live.isSecret) {
      notes.push({
        level: "warning",
        code: NOTE.secretFlagLost,
        message: `${name} is secret in ${env} but declared plain: applying removes its secret flag and its value becomes readable in the dashboard and the API.`,
      });
    }
  }
  // A differing declared value of an inherited variable becomes the branch's own: a create in the branch (a
  // write there never reaches the parent, api-behaviour.md §2.2), which the next read lists as the branch's.
  const override = live.inherited === true && fields.length > 0;
  if (override) {
    notes.push({
      level: "info",
      code: NOTE.branchOverride,
      message: `${name} is inherited from the preview environment: applying gives preview branch ${options.branch?.name ?? ""} its own value (the preview environment keeps its value).`,
    });
  }
  const change: Change = { ...base, action: override ? "create" : updateOrNoop(fields.length), fields };
  if (notes.length > 0) change.notes = notes;
  return { change: withSource(change, source), diagnostics: [] };
}

/**
 * Why an undeclared variable read through a preview branch is never deleted there: it is inherited (a delete
 * through the branch cannot reach the parent: the server answers 400, §2.6), or the parent could not be read to
 * tell, and pruning is on. Undefined otherwise.
 */
function undeclaredInBranch(name: string, live: LiveEnvVar, options: EnvVarDiffOptions): ChangeNote | undefined {
  const branch = options.branch;
  if (!branch) return undefined;
  if (live.inherited) {
    return {
      level: "info",
      code: NOTE.inherited,
      message: `${name} is inherited from the preview environment (preview branch ${branch.name} has no value of its own): never changed or deleted through the branch.`,
    };
  }
  if (!branch.parentRead && options.prune) {
    return {
      level: "warning",
      code: NOTE.originUnknown,
      message: `${name} is listed through preview branch ${branch.name}, but the preview environment's own variables could not be read (a preview secret key cannot; set TRIGGER_ACCESS_TOKEN), so it may be inherited: not pruned.`,
    };
  }
  return undefined;
}

/**
 * The `value` field. Secret on either side: both values masked, always. Otherwise a value written literally
 * in the config is shown (it is in git already) and the live value only with `showValues`, as is a value
 * from `fromEnv` (product.md, Values). A masked side carries null, so no hidden value is in the plan.
 */
function valueField(
  before: string | undefined,
  after: string | undefined,
  beforeSecret: boolean,
  afterSecret: boolean,
  afterLiteral: boolean,
  options: EnvVarDiffOptions,
): FieldChange {
  const sensitive = beforeSecret || afterSecret;
  if (sensitive) return { path: "value", before: null, after: null, sensitive, masked: true };
  if (options.showValues) return { path: "value", before: before ?? null, after: after ?? null, sensitive: false };
  const showAfter = after !== undefined && afterLiteral;
  if (!showAfter) return { path: "value", before: null, after: null, sensitive: false, masked: true };
  if (before === undefined) return { path: "value", before: null, after, sensitive: false };
  return { path: "value", before: null, after, sensitive: false, masked: "before" };
}

function withSource(change: Change, source: Change["source"]): Change {
  if (source) change.source = source;
  return change;
}
