import type { DesiredDeployment, DesiredState } from "../model/desired.js";
import { isEnvironmentName, type EnvironmentName } from "../model/environments.js";
import { durationMs, type DesiredGate, type DesiredVerify, type HealthThresholds } from "../model/promotion.js";
import type { SourceRef, ValidationIssue } from "../model/source.js";
import type { PathSegment } from "./document.js";
import { isRecord } from "../util/objects.js";

type Ref = (path: readonly PathSegment[], target?: "key" | "value") => SourceRef;

/** Where `follow` was written, for the cycle error (the deployment's own source otherwise). */
const followSources = new WeakMap<DesiredDeployment, SourceRef>();

/**
 * `deployment: { version | follow, gate?, verify? }` -> canonical form. Defensive like the rest of
 * normalise.ts: wrong shapes are skipped (the schema reports them); a deployment with neither a valid version
 * nor a valid follow is dropped.
 */
export function normaliseDeployment(decl: Record<string, unknown>, base: PathSegment[], ref: Ref): DesiredDeployment | undefined {
  const out: DesiredDeployment = { source: ref(base) };
  if (typeof decl.version === "string") out.version = decl.version;
  else if (typeof decl.follow === "string" && isEnvironmentName(decl.follow)) {
    out.follow = decl.follow;
    followSources.set(out, ref([...base, "follow"], "value"));
  } else return undefined;
  const gate = isRecord(decl.gate) ? gateOf(decl.gate) : undefined;
  if (gate) out.gate = gate;
  const verify = isRecord(decl.verify) ? verifyOf(decl.verify) : undefined;
  if (verify) out.verify = verify;
  return out;
}

function thresholdsOf(d: Record<string, unknown>): HealthThresholds | undefined {
  if (typeof d.minRuns !== "number" || typeof d.maxFailureRate !== "number") return undefined;
  const t: HealthThresholds = { minRuns: d.minRuns, maxFailureRate: d.maxFailureRate };
  if (Array.isArray(d.tasks) && d.tasks.every((x) => typeof x === "string")) t.tasks = [...(d.tasks as string[])].sort();
  return t;
}

function gateOf(d: Record<string, unknown>): DesiredGate | undefined {
  const t = thresholdsOf(d);
  const windowMs = typeof d.window === "string" ? durationMs(d.window) : undefined;
  if (!t || windowMs === undefined) return undefined;
  const gate: DesiredGate = { ...t, window: d.window as string, windowMs };
  if (typeof d.from === "string" && isEnvironmentName(d.from)) gate.from = d.from;
  return gate;
}

function verifyOf(d: Record<string, unknown>): DesiredVerify | undefined {
  const t = thresholdsOf(d);
  const forMs = typeof d.for === "string" ? durationMs(d.for) : undefined;
  if (!t || forMs === undefined) return undefined;
  return { ...t, for: d.for as string, forMs, rollback: d.rollback === true };
}

/**
 * Checks of promotion settings across environments (after merging files): an environment cannot follow
 * itself, a follow chain must not loop, a gate on a pinned version needs `gate.from`.
 */
export function promotionIssues(desired: DesiredState): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const followOf = new Map<EnvironmentName, EnvironmentName>();
  for (const e of desired.environments) if (e.deployment?.follow) followOf.set(e.name, e.deployment.follow);
  const reported = new Set<EnvironmentName>();
  for (const e of desired.environments) {
    const d = e.deployment;
    if (!d) continue;
    const path = `environments.${e.name}.deployment`;
    const at = (d.follow ? followSources.get(d) : undefined) ?? d.source;
    const issue = (code: string, suffix: string, message: string) => {
      if (at) issues.push({ severity: "error", code, path: `${path}.${suffix}`, message, file: at.file, line: at.line, col: at.col });
    };
    if (d.follow === e.name) {
      issue("follow-self", "follow", `${e.name} cannot follow itself: name another environment, or pin a version`);
      continue;
    }
    if (d.follow && !reported.has(e.name)) {
      // Walk the chain; coming back to this environment is a cycle (each member is reported once).
      const chain: EnvironmentName[] = [e.name];
      let next: EnvironmentName | undefined = d.follow;
      while (next !== undefined && !chain.includes(next)) {
        chain.push(next);
        next = followOf.get(next);
      }
      if (next === e.name) {
        for (const member of chain) reported.add(member);
        issue("follow-cycle", "follow", `follow cycle: ${[...chain, e.name].join(" follows ")}; one of them must pin a version`);
      }
    }
    if (d.version !== undefined && d.gate && d.gate.from === undefined) {
      issue("gate-from", "gate", `a gate on a pinned version needs gate.from: the environment whose runs of ${d.version} are counted`);
    }
    if (d.follow && d.gate?.from !== undefined && d.gate.from !== d.follow) {
      issue("gate-from", "gate.from", `gate.from (${d.gate.from}) differs from follow (${d.follow}): with follow the runs are counted where the version is followed from; remove gate.from`);
    }
  }
  return issues;
}
