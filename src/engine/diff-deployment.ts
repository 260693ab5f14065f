import type { EnvironmentName } from "../model/environments.js";
import type { DesiredDeployment } from "../model/desired.js";
import type { LiveDeployment } from "../model/live.js";
import { DIAGNOSTIC, NOTE, changeIdentity, type Change, type PlanDiagnostic } from "../model/plan.js";
import { compareDeploymentVersions } from "./canonical.js";
import type { DiffResult } from "./diff-result.js";
import { promotionOf, resolveCandidate, taskNotes } from "./promotion.js";

/**
 * Diffs the promoted deployment of one environment.
 * - current equals the declared version: `noop` (promoting it again is a 400, api-behaviour.md §5.5 step 4);
 * - nothing promoted yet: `create` (field version null -> X);
 * - another version promoted: `update` (field version before -> after), with a `rollback` warning note when
 *   the declared version is older (apply then passes `allowRollbacks=true`, §5.5 step 5);
 * - the declared version unknown in the environment, or not DEPLOYED: an error diagnostic and no change,
 *   because the server would refuse the promotion (§5.5 steps 1–3).
 * - with `follow`, the candidate is the followed environment's current version (src/engine/promotion.ts);
 * - with a gate, a promotion whose evidence fails is an error diagnostic carrying the evidence, and no change;
 *   a passing one carries the evidence on the change (`promotion`).
 * An undeclared deployment (`desired` undefined) is never touched and never listed.
 */
export function diffDeployment(
  env: EnvironmentName,
  desired: DesiredDeployment | undefined,
  live: LiveDeployment | undefined,
): DiffResult {
  if (desired === undefined) return { diagnostics: [] };
  const identity = changeIdentity(env, { kind: "deployment" });
  const addr = identity.address;
  const source = desired.source ? { source: desired.source } : {};
  const current = live?.current ?? null;
  const resolved = resolveCandidate(env, desired, live);
  if ("diagnostic" in resolved) return { diagnostics: [resolved.diagnostic] };
  const version = resolved.version;
  if (current !== null && current.version === version) {
    return {
      change: { ...identity, action: "noop", fields: [], remoteId: current.id, ...source },
      diagnostics: [],
    };
  }
  const declared = live?.declared;
  const refuse = (code: string, message: string): DiffResult => {
    const diagnostic: PlanDiagnostic = { severity: "error", code, address: addr, message, ...source };
    return { diagnostics: [diagnostic] };
  };
  if (declared === undefined) {
    return refuse(
      DIAGNOSTIC.deploymentNotFound,
      `Version ${version} could not be looked up in ${env}, so it cannot be promoted.`,
    );
  }
  if (declared === null) {
    return refuse(
      DIAGNOSTIC.deploymentNotFound,
      `Version ${version} is not deployed in ${env}: deploy it first (trigger deploy --skip-promotion), then apply.`,
    );
  }
  if (declared.status !== "DEPLOYED") {
    return refuse(
      DIAGNOSTIC.deploymentNotDeployed,
      `Version ${version} in ${env} has status ${declared.status}; only a DEPLOYED version can be promoted.`,
    );
  }
  const { promotion, notes, diagnostic } = promotionOf(env, desired, live, version);
  if (diagnostic) return { diagnostics: [diagnostic] };
  const change: Change = {
    ...identity,
    action: current === null ? "create" : "update",
    fields: [{ path: "version", before: current?.version ?? null, after: version, sensitive: false }],
    remoteId: declared.id,
    ...source,
    ...(promotion ? { promotion } : {}),
  };
  const allNotes = [...(notes ?? []), ...taskNotes(live, version)];
  if (current !== null && isRollback(change)) {
    allNotes.unshift({
      level: "warning",
      code: NOTE.rollback,
      message: `Rollback: ${version} is older than the current ${current.version}.`,
    });
  }
  if (allNotes.length > 0) change.notes = allNotes;
  return { change, diagnostics: [] };
}

/**
 * True when a deployment change promotes an older version than the current one (needs allowRollbacks): read from
 * the change's `version` field (current before, promoted after), the same comparison that wrote its `rollback` note.
 */
export function isRollback(change: Change): boolean {
  if (change.kind !== "deployment") return false;
  const version = change.fields.find((f) => f.path === "version");
  return typeof version?.before === "string" && typeof version.after === "string" && compareDeploymentVersions(version.after, version.before) < 0;
}
