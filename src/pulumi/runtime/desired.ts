import { validateItem, type ConfigItem, type ItemIssue } from "../../config/item.js";
import type { DesiredEnvironment, DesiredState, QueueIdentity } from "../../model/desired.js";
import type { DeploymentPromotionInputs, EnvVarInputs, ProviderKind, QueueSelector, QueueSettingInputs, ScheduleInputs } from "../types.js";
import { isUnknown } from "./values.js";
import { createRedactor } from "../../secrets/redact.js";

/** A check failure as Pulumi reports it: the input property and why. */
export interface Failure {
  property: string;
  reason: string;
}

/** The result of validating one resource's inputs with the config file's own rules. */
export interface Validated {
  /** Canonical desired state (defaults filled) when there is no error and nothing is unknown. */
  desired?: DesiredState;
  failures: Failure[];
}

type AnyInputs = ScheduleInputs | EnvVarInputs | QueueSettingInputs | DeploymentPromotionInputs;

/** The input properties that name the remote object; a change replaces the resource. */
export const IDENTITY_KEYS: Readonly<Record<ProviderKind, readonly string[]>> = {
  schedule: ["project", "environment", "key", "deduplicationKey"],
  envVar: ["project", "environment", "name"],
  queue: ["project", "environment", "queue"],
  deployment: ["project", "environment"],
};

/** The input property a problem with the item as a whole is reported on. */
const ITEM_PROPERTY: Readonly<Record<ProviderKind, string>> = { schedule: "key", envVar: "name", queue: "queue", deployment: "version" };

/** `{ task }` or `{ custom }` as the queue's type and name. */
export function queueOf(selector: QueueSelector): QueueIdentity {
  return "task" in selector ? { type: "task", name: selector.task } : { type: "custom", name: (selector as { custom: string }).custom };
}

/**
 * Validates a resource's inputs exactly as the CLI validates a config file: `validateItem` runs the schema, the
 * cron and timezone rules and the defaults on the one item, and each issue's path names the input property.
 * Unknown values (preview) are left out and their failures ignored; nothing is returned as desired then.
 */
export function validateInputs(kind: ProviderKind, inputs: AnyInputs): Validated {
  const unknown = new Set(Object.keys(inputs).filter((k) => isUnknown((inputs as unknown as Record<string, unknown>)[k])));
  if (IDENTITY_KEYS[kind].some((k) => unknown.has(k))) return { failures: [] };
  // Unknown values are replaced by a valid stand-in, so the rest is still checked (their own failures are dropped).
  const known = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [k, unknown.has(k) ? (STAND_INS[k] ?? v) : v]),
  ) as AnyInputs;
  if (typeof known.environment !== "string" || !/^(dev|staging|prod|preview)$/.test(known.environment)) {
    return { failures: [{ property: "environment", reason: `must be one of dev, staging, prod, preview (got ${JSON.stringify(known.environment)})` }] };
  }
  const item = itemOf(kind, known);
  if (typeof item === "string") return { failures: [{ property: "queue", reason: item }] };
  const result = validateItem({ project: known.project, environment: known.environment, apiUrl: known.apiUrl }, item);
  const redactor = createRedactor(kind === "envVar" && typeof (known as EnvVarInputs).value === "string" ? [(known as EnvVarInputs).value as string] : []);
  const failures = result.issues
    .filter((i) => i.severity === "error")
    .map((i) => ({ property: propertyOf(kind, i), reason: redactor.scrub(i.message) }))
    .filter((f) => !unknown.has(f.property));
  if (failures.length > 0 || unknown.size > 0 || !result.desired) return { failures };
  // A resource manages exactly its one object: the planner run by the provider must never prune the others
  // (owned schedules are pruned by default in a config file).
  for (const e of result.desired.environments) e.prune = { envVars: false, schedules: false, queues: false };
  return { desired: result.desired, failures };
}

/** Valid values standing in for unknown ones during a preview. */
const STAND_INS: Record<string, unknown> = {
  task: "preview-task",
  cron: "0 0 * * *",
  timezone: "UTC",
  externalId: null,
  active: true,
  deduplicationKey: "iac:preview",
  value: "preview-value",
  secret: false,
  exists: false,
  concurrencyLimit: null,
  paused: false,
  version: "19700101.1",
  apiUrl: "https://preview.invalid",
};

/** The one environment of a validated resource. */
export function desiredEnvironment(desired: DesiredState): DesiredEnvironment {
  return desired.environments[0];
}

/** The input property an issue is about: the first segment of its path in the item, else the item's own. */
function propertyOf(kind: ProviderKind, issue: ItemIssue): string {
  switch (issue.scope) {
    case "item":
      return issue.path.length > 0 ? String(issue.path[0]) : ITEM_PROPERTY[kind];
    case "document":
      return issue.path[0] === "project" || issue.path[0] === "apiUrl" ? issue.path[0] : "";
    case "environment":
      return kind === "queue" ? "queue" : "environment";
  }
}

/** The inputs as a configuration item, or why the queue selector is not one. */
function itemOf(kind: ProviderKind, i: AnyInputs): ConfigItem | string {
  switch (kind) {
    case "schedule": {
      const s = i as ScheduleInputs;
      return { kind, key: String(s.key), schedule: pick(s, ["task", "cron", "timezone", "externalId", "active", "deduplicationKey"]) };
    }
    case "envVar": {
      const v = i as EnvVarInputs;
      return { kind, name: String(v.name), envVar: v.exists ? pick(v, ["exists", "secret"]) : pick(v, ["value", "secret"]) };
    }
    case "queue": {
      const sel = (i as QueueSettingInputs).queue as unknown;
      const valid = sel !== null && typeof sel === "object" && Object.keys(sel).length === 1 &&
        (typeof (sel as { task?: unknown }).task === "string" || typeof (sel as { custom?: unknown }).custom === "string");
      if (!valid) return "must be { task: \"<task id>\" } or { custom: \"<queue name>\" }";
      return { kind, ...queueOf(sel as QueueSelector), queue: pick(i, ["concurrencyLimit", "paused"]) };
    }
    case "deployment":
      return { kind, deployment: pick(i, ["version", "follow", "gate", "verify"]) };
  }
}

function pick<T extends object>(o: T, keys: readonly string[]): Record<string, unknown> {
  const r = o as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
}
