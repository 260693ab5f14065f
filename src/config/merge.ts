import type { DesiredEnvironment, DesiredQueue, DesiredState, PruneSettings } from "../model/desired.js";
import { ENVIRONMENT_NAMES } from "../model/environments.js";
import { nameRecord, ownValue } from "../model/records.js";
import type { SourceRef, ValidationIssue } from "../model/source.js";
import type { PartialConfig, PartialEnvironment, Sourced } from "./normalise.js";
import { fieldSource } from "./normalise.js";
import { promotionIssues } from "./promotion.js";
import { compareStrings } from "../util/compare.js";

/** The merged desired state (possibly incomplete when files have errors) and the conflicts found. */
export interface MergeResult {
  desired: DesiredState;
  issues: ValidationIssue[];
}

function at(source: SourceRef | undefined): string {
  return source ? `${source.file}:${source.line}:${source.col}` : "another file";
}

/** One conflict is reported at both places, each pointing at the other. */
function conflict(issues: ValidationIssue[], path: string, a: SourceRef | undefined, b: SourceRef | undefined, what: string): void {
  for (const [here, there] of [[a, b], [b, a]] as const) {
    if (!here) continue;
    issues.push({
      severity: "error",
      code: "merge-conflict",
      path,
      message: `${what} is also declared at ${at(there)}: declare it in one file only`,
      file: here.file,
      line: here.line,
      col: here.col,
    });
  }
}

/**
 * Combines several files into one desired state. Environments merge section by section; the same item
 * (variable, schedule, queue, deployment) declared in two files is a conflict, as is a setting (project,
 * apiUrl, prune flag, maximumConcurrencyLimit) given two different values.
 */
export function mergeConfigs(parts: readonly PartialConfig[]): MergeResult {
  const issues: ValidationIssue[] = [];
  const scalar = <T>(cur: Sourced<T> | undefined, next: Sourced<T> | undefined, path: string): Sourced<T> | undefined => {
    if (!next) return cur;
    if (!cur) return next;
    if (cur.value !== next.value) conflict(issues, path, cur.source, next.source, `${path} with a different value`);
    return cur;
  };
  let project: Sourced<string> | undefined;
  let apiUrl: Sourced<string> | undefined;
  const envs = new Map<string, PartialEnvironment>();
  for (const part of parts) {
    project = scalar(project, part.project, "project");
    apiUrl = scalar(apiUrl, part.apiUrl, "apiUrl");
    for (const e of part.environments) {
      const cur = envs.get(e.name);
      // Later files merge into the first one's collections, so those are copied first; one file (the usual case, and
      // a large one) is never merged into and is taken as it is.
      if (!cur) envs.set(e.name, parts.length === 1 ? { ...e, prune: { ...e.prune } } : copyEnvironment(e));
      else mergeEnvironment(cur, e, issues, scalar);
    }
  }
  const environments: DesiredEnvironment[] = [];
  for (const name of ENVIRONMENT_NAMES) {
    const e = envs.get(name);
    if (e) environments.push(finishEnvironment(e));
  }
  const desired: DesiredState = { project: project?.value ?? "", environments };
  if (apiUrl) desired.apiUrl = apiUrl.value;
  if (project?.source) desired.projectSource = project.source;
  issues.push(...crossIssues(desired), ...promotionIssues(desired));
  return { desired, issues };
}

type Scalar = <T>(cur: Sourced<T> | undefined, next: Sourced<T> | undefined, path: string) => Sourced<T> | undefined;

function mergeEnvironment(into: PartialEnvironment, e: PartialEnvironment, issues: ValidationIssue[], scalar: Scalar): void {
  const base = `environments.${e.name}`;
  for (const k of ["envVars", "schedules", "queues"] as const) into.prune[k] = scalar(into.prune[k], e.prune[k], `${base}.prune.${k}`);
  into.maximumConcurrencyLimit = scalar(into.maximumConcurrencyLimit, e.maximumConcurrencyLimit, `${base}.maximumConcurrencyLimit`);
  if (e.deployment) {
    if (into.deployment) conflict(issues, `${base}.deployment`, into.deployment.source, e.deployment.source, `${base}.deployment`);
    else into.deployment = e.deployment;
  }
  for (const k of ["envVars", "schedules"] as const) {
    const items = e[k];
    if (!items) continue;
    const target = (into[k] ??= nameRecord()) as Record<string, { source?: SourceRef }>;
    for (const [name, item] of Object.entries(items)) {
      const existing = ownValue(target, name);
      if (existing) conflict(issues, `${base}.${k}.${name}`, existing.source, item.source, `${base}.${k}.${name}`);
      else target[name] = item;
    }
  }
  if (e.queues) {
    const target = (into.queues ??= []);
    for (const q of e.queues) {
      const existing = target.find((x) => x.type === q.type && x.name === q.name);
      const path = `${base}.queues.${q.type === "task" ? "tasks" : "custom"}.${q.name}`;
      if (existing) conflict(issues, path, existing.source, q.source, path);
      else target.push(q);
    }
  }
}

function copyEnvironment(e: PartialEnvironment): PartialEnvironment {
  return { ...e, prune: { ...e.prune }, envVars: e.envVars && { ...e.envVars }, schedules: e.schedules && { ...e.schedules }, queues: e.queues && [...e.queues] };
}

function finishEnvironment(e: PartialEnvironment): DesiredEnvironment {
  const prune: PruneSettings = {
    envVars: e.prune.envVars?.value ?? false,
    // Owned schedules (dedup key iac:<env>:…) are the tool's own: removed from the file, they are deleted unless
    // the file says otherwise (Terraform semantics). Env vars and queues carry no ownership mark: opt-in.
    schedules: e.prune.schedules?.value ?? true,
    queues: e.prune.queues?.value ?? false,
  };
  const out: DesiredEnvironment = { name: e.name, prune, source: e.source };
  if (e.maximumConcurrencyLimit) out.maximumConcurrencyLimit = e.maximumConcurrencyLimit.value;
  if (e.deployment) out.deployment = e.deployment;
  if (e.envVars) out.envVars = sortRecord(e.envVars);
  if (e.schedules) out.schedules = sortRecord(e.schedules);
  if (e.queues) out.queues = [...e.queues].sort(compareQueues);
  return out;
}

/** `r` with its keys in order: `r` itself when they already are (one file: normalise wrote them sorted). */
function sortRecord<T>(r: Record<string, T>): Record<string, T> {
  const keys = Object.keys(r);
  let sorted = Object.getPrototypeOf(r) === null;
  for (let i = 1; sorted && i < keys.length; i++) sorted = keys[i - 1] < keys[i];
  if (sorted) return r;
  const out = nameRecord<T>();
  for (const k of keys.sort()) out[k] = r[k];
  return out;
}

function compareQueues(a: DesiredQueue, b: DesiredQueue): number {
  if (a.type !== b.type) return a.type === "task" ? -1 : 1;
  return compareStrings(a.name, b.name);
}

/** Checks across environments and files: dedup keys unique per project, queue limits within the maximum. */
function crossIssues(desired: DesiredState): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // The server keeps deduplicationKey unique per PROJECT, and a POST with a key used in another environment
  // moves that schedule here (api-behaviour.md §0.5, §3.2 step 4): two declarations must never share one.
  const byKey = new Map<string, { path: string; source?: SourceRef }>();
  const reported = new Set<string>();
  for (const e of desired.environments) {
    for (const s of Object.values(e.schedules ?? {})) {
      const path = `environments.${e.name}.schedules.${s.key}`;
      const source = fieldSource(s, "deduplicationKey");
      const first = byKey.get(s.deduplicationKey);
      if (!first) {
        byKey.set(s.deduplicationKey, { path, source });
        continue;
      }
      for (const [here, other] of [[{ path, source }, first], [first, { path, source }]] as const) {
        if (!here.source || reported.has(here.path)) continue;
        reported.add(here.path);
        issues.push({
          severity: "error",
          code: "dedup-duplicate",
          path: here.path,
          message: `deduplicationKey '${s.deduplicationKey}' is also used by ${other.path} (${at(other.source)}): keys are unique per project, across environments`,
          file: here.source.file,
          line: here.source.line,
          col: here.source.col,
        });
      }
    }
    const max = e.maximumConcurrencyLimit;
    if (max === undefined) continue;
    for (const q of e.queues ?? []) {
      // Limits outside 0..100000 are already reported by the schema; one message per problem.
      if (typeof q.concurrencyLimit !== "number" || q.concurrencyLimit <= max || q.concurrencyLimit > 100_000) continue;
      const source = fieldSource(q, "concurrencyLimit");
      if (!source) continue;
      issues.push({
        severity: "error",
        code: "concurrency-above-max",
        path: `environments.${e.name}.queues.${q.type === "task" ? "tasks" : "custom"}.${q.name}.concurrencyLimit`,
        message: `concurrencyLimit ${q.concurrencyLimit} is above the environment's maximumConcurrencyLimit ${max}: the server refuses it ("cannot exceed the environment limit")`,
        file: source.file,
        line: source.line,
        col: source.col,
      });
    }
  }
  return issues;
}
