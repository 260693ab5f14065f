import { validateConfigText } from "../../config/validate.js";
import type { DesiredEnvironment, DesiredState } from "../../model/desired.js";
import type { EnvironmentName } from "../../model/environments.js";
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

/** `{ task }` or `{ custom }` as the queue's type and name. */
export function queueOf(selector: QueueSelector): { type: "task" | "custom"; name: string } {
  return "task" in selector ? { type: "task", name: selector.task } : { type: "custom", name: (selector as { custom: string }).custom };
}

/**
 * Validates a resource's inputs exactly as the CLI validates a config file: the inputs are written as a
 * one-item trigger-iac document (JSON is YAML) and run through `validateConfigText`, so the schema, the cron
 * and timezone rules and the defaults are the same. Issues map back to input properties. Unknown values
 * (preview) are left out and their failures ignored; nothing is returned as desired then.
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
  const { item, path } = documentItem(kind, known);
  if (path === undefined) return { failures: [{ property: kind === "queue" ? "queue" : "", reason: item as string }] };
  const env: EnvironmentName = known.environment;
  const document: Record<string, unknown> = { version: 1, project: known.project, environments: { [env]: item } };
  if (known.apiUrl !== undefined) document.apiUrl = known.apiUrl;
  const result = validateConfigText(JSON.stringify(document, null, 1), "<pulumi inputs>");
  const redactor = createRedactor(kind === "envVar" && typeof (known as EnvVarInputs).value === "string" ? [(known as EnvVarInputs).value as string] : []);
  const failures = result.issues
    .filter((i) => i.severity === "error")
    .map((i) => ({ property: missingKey(i.message) ?? propertyOf(i.path, env, path, kind), reason: redactor.scrub(i.message) }))
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

/** The property a "missing required key 'cron' in …" issue is about. */
function missingKey(message: string): string | undefined {
  return /missing required key '([^']+)'/.exec(message)?.[1];
}

/** The one environment of a validated resource. */
export function desiredEnvironment(desired: DesiredState): DesiredEnvironment {
  return desired.environments[0];
}

/** The environment section holding one item, and the dotted path of the item in the document. */
function documentItem(kind: ProviderKind, i: AnyInputs): { item: unknown; path?: string } {
  switch (kind) {
    case "schedule": {
      const s = i as ScheduleInputs;
      const body = pick(s, ["task", "cron", "timezone", "externalId", "active", "deduplicationKey"]);
      return { item: { schedules: { [String(s.key)]: body } }, path: `schedules.${s.key}` };
    }
    case "envVar": {
      const v = i as EnvVarInputs;
      const body = v.exists ? pick(v, ["exists", "secret"]) : pick(v, ["value", "secret"]);
      return { item: { envVars: { [String(v.name)]: body } }, path: `envVars.${v.name}` };
    }
    case "queue": {
      const q = i as QueueSettingInputs;
      const sel = q.queue as unknown;
      const valid = sel !== null && typeof sel === "object" && Object.keys(sel).length === 1 &&
        (typeof (sel as { task?: unknown }).task === "string" || typeof (sel as { custom?: unknown }).custom === "string");
      if (!valid) return { item: "must be { task: \"<task id>\" } or { custom: \"<queue name>\" }" };
      const { type, name } = queueOf(q.queue);
      const section = type === "task" ? "tasks" : "custom";
      return { item: { queues: { [section]: { [name]: pick(q, ["concurrencyLimit", "paused"]) } } }, path: `queues.${section}.${name}` };
    }
    case "deployment":
      return { item: { deployment: pick(i as DeploymentPromotionInputs, ["version", "follow", "gate", "verify"]) }, path: "deployment" };
  }
}

/** `environments.prod.schedules.k.cron` -> `cron`; the item itself -> its identity property. */
function propertyOf(issuePath: string, env: string, itemPath: string, kind: ProviderKind): string {
  if (issuePath === "project" || issuePath === "apiUrl") return issuePath;
  const item = `environments.${env}.${itemPath}`;
  if (issuePath.startsWith(`${item}.`)) {
    const rest = issuePath.slice(item.length + 1).split(".")[0];
    return kind === "deployment" && rest === "version" ? "version" : rest;
  }
  if (issuePath === item) return { schedule: "key", envVar: "name", queue: "queue", deployment: "version" }[kind];
  if (issuePath.startsWith(`environments.${env}`)) return kind === "queue" ? "queue" : "environment";
  return "";
}

function pick<T extends object>(o: T, keys: readonly string[]): Record<string, unknown> {
  const r = o as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
}
