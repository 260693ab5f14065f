import { ENVIRONMENT_NAMES, type EnvironmentName } from "../model/environments.js";
import { targetOfAddress, type Plan } from "../model/plan.js";
import { isRecord } from "../util/objects.js";

/** A saved plan file that is not a plan this version can apply. */
export class PlanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanFormatError";
  }
}

const ACTIONS = ["create", "update", "replace", "delete", "noop", "unmanaged"];
const KINDS = ["schedule", "envVar", "queue", "deployment"];

/**
 * Reads a plan written by {@link renderJson} (`plan --out`), checking its shape, so that `apply --plan` gets
 * a clear error instead of acting on a damaged or foreign file. The inverse of `renderJson`.
 */
export function parsePlanJson(text: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PlanFormatError(`The plan file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fail = (what: string): never => {
    throw new PlanFormatError(`The plan file is not a trigger-iac plan: ${what}.`);
  };
  if (!isRecord(data)) return fail("expected an object");
  if (data.formatVersion !== 1) {
    throw new PlanFormatError(`The plan file has formatVersion ${JSON.stringify(data.formatVersion)}; this version of trigger-iac reads 1.`);
  }
  if (typeof data.project !== "string") fail("project must be a string");
  if (typeof data.liveFingerprint !== "string") fail("liveFingerprint must be a string");
  if (data.desiredFingerprint !== undefined && typeof data.desiredFingerprint !== "string") fail("desiredFingerprint must be a string");
  if (data.targets !== undefined && !(Array.isArray(data.targets) && data.targets.every((t) => typeof t === "string"))) {
    fail("targets must list address patterns");
  }
  if (!Array.isArray(data.environments) || !data.environments.every((e) => (ENVIRONMENT_NAMES as readonly unknown[]).includes(e))) {
    fail("environments must list environment names");
  }
  const summary = data.summary;
  if (!isRecord(summary) || !["create", "update", "replace", "delete"].every((k) => typeof summary[k] === "number")) {
    fail("summary must count create, update, replace and delete");
  }
  if (!Array.isArray(data.changes)) return fail("changes must be a list");
  data.changes.forEach((change, i) => {
    const at = `changes[${i}]`;
    if (!isRecord(change)) return fail(`${at} must be an object`);
    if (typeof change.address !== "string") fail(`${at}.address must be a string`);
    if (!KINDS.includes(change.kind as string)) fail(`${at}.kind is unknown`);
    if (!(ENVIRONMENT_NAMES as readonly unknown[]).includes(change.environment)) fail(`${at}.environment is unknown`);
    if (!ACTIONS.includes(change.action as string)) fail(`${at}.action is unknown`);
    if (change.remoteId !== undefined && typeof change.remoteId !== "string") fail(`${at}.remoteId must be a string`);
    if (!Array.isArray(change.fields)) return fail(`${at}.fields must be a list`);
    change.fields.forEach((field, j) => {
      if (!isRecord(field) || typeof field.path !== "string" || typeof field.sensitive !== "boolean") {
        fail(`${at}.fields[${j}] must have a path and a sensitive flag`);
      }
    });
    if (change.notes !== undefined && !Array.isArray(change.notes)) fail(`${at}.notes must be a list`);
    // The file carries the address only; the plan's typed target is read back from it (src/model/plan.ts).
    const target = targetOfAddress(change.environment as EnvironmentName, change.address as string);
    if (target?.kind !== change.kind) fail(`${at}.address is not a ${String(change.kind)} address of ${String(change.environment)}`);
    change.target = target;
  });
  if (!Array.isArray(data.diagnostics)) fail("diagnostics must be a list");
  return data as unknown as Plan;
}
