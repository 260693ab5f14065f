import type { DesiredDeployment, DesiredEnvVar, DesiredQueue, DesiredSchedule, PruneSettings, QueueType } from "../model/desired.js";
import { defaultDeduplicationKey } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";
import { ENVIRONMENT_NAMES } from "../model/environments.js";
import { nameRecord, ownValue } from "../model/records.js";
import type { SourceRef } from "../model/source.js";
import type { ConfigDocument, PathSegment } from "./document.js";
import { writtenLiterally } from "./literal.js";
import type { EnvSource } from "./env-vars.js";
import { normaliseDeployment } from "./promotion.js";
import { isRecord } from "../util/objects.js";

/** A value with the place it was declared. */
export interface Sourced<T> {
  value: T;
  source: SourceRef;
}

/** One environment as one file declares it: only what that file says (merge.ts combines files). */
export interface PartialEnvironment {
  name: EnvironmentName;
  source: SourceRef;
  prune: Partial<Record<keyof PruneSettings, Sourced<boolean>>>;
  maximumConcurrencyLimit?: Sourced<number>;
  deployment?: DesiredDeployment;
  envVars?: Record<string, DesiredEnvVar>;
  schedules?: Record<string, DesiredSchedule>;
  queues?: DesiredQueue[];
}

/** One file, normalised. */
export interface PartialConfig {
  file: string;
  version?: Sourced<unknown>;
  project?: Sourced<string>;
  apiUrl?: Sourced<string>;
  environments: PartialEnvironment[];
}

/** Positions of individual fields (the dedup key, a queue limit), for checks made after merging. */
const fieldSources = new WeakMap<object, Record<string, SourceRef>>();

/** Where `field` of a normalised item was declared, else the item's own source. */
export function fieldSource(item: { source?: SourceRef }, field: string): SourceRef | undefined {
  return fieldSources.get(item)?.[field] ?? item.source;
}

/**
 * File shape -> canonical desired state, with defaults filled (schedule timezone UTC, externalId null, active
 * true, deduplicationKey `iac:<env>:<key>`) and a SourceRef on every item. Defensive: anything of the wrong
 * shape is skipped (the schema has reported it), so it can run on any parsed file.
 */
export function normaliseDocument(doc: ConfigDocument, env: EnvSource): PartialConfig {
  const ref = (path: readonly PathSegment[], target: "key" | "value" = "key"): SourceRef => ({ file: doc.file, ...doc.locate(path, target) });
  const out: PartialConfig = { file: doc.file, environments: [] };
  const root = doc.value;
  if (!isRecord(root)) return out;
  if ("version" in root) out.version = { value: root.version, source: ref(["version"], "value") };
  if (typeof root.project === "string") out.project = { value: root.project, source: ref(["project"], "value") };
  if (typeof root.apiUrl === "string") out.apiUrl = { value: root.apiUrl.replace(/\/+$/, ""), source: ref(["apiUrl"], "value") };
  if (!isRecord(root.environments)) return out;
  for (const name of ENVIRONMENT_NAMES) {
    const decl = ownValue(root.environments, name);
    if (decl === undefined) continue;
    const base = ["environments", name];
    const e: PartialEnvironment = { name, source: ref(base), prune: {} };
    out.environments.push(e);
    if (!isRecord(decl)) continue;
    if (isRecord(decl.prune)) {
      for (const k of ["envVars", "schedules", "queues"] as const) {
        const v = decl.prune[k];
        if (typeof v === "boolean") e.prune[k] = { value: v, source: ref([...base, "prune", k], "value") };
      }
    }
    if (typeof decl.maximumConcurrencyLimit === "number") {
      e.maximumConcurrencyLimit = { value: decl.maximumConcurrencyLimit, source: ref([...base, "maximumConcurrencyLimit"], "value") };
    }
    if (isRecord(decl.deployment)) {
      const deployment = normaliseDeployment(decl.deployment, [...base, "deployment"], ref);
      if (deployment) e.deployment = deployment;
    }
    if (isRecord(decl.envVars)) e.envVars = envVars(decl.envVars, [...base, "envVars"], env, ref, (path, v) => writtenLiterally(doc, path, v));
    if (isRecord(decl.schedules)) e.schedules = schedules(name, decl.schedules, [...base, "schedules"], ref);
    if (isRecord(decl.queues)) {
      e.queues = [
        ...queues("task", decl.queues.tasks, [...base, "queues", "tasks"], ref),
        ...queues("custom", decl.queues.custom, [...base, "queues", "custom"], ref),
      ];
    }
  }
  return out;
}

type Ref = (path: readonly PathSegment[], target?: "key" | "value") => SourceRef;

type Literal = (path: readonly PathSegment[], value: string) => boolean;

function envVars(decls: Record<string, unknown>, base: PathSegment[], env: EnvSource, ref: Ref, literal: Literal): Record<string, DesiredEnvVar> {
  const out = nameRecord<DesiredEnvVar>();
  for (const name of Object.keys(decls).sort()) {
    const d = decls[name];
    const source = ref([...base, name]);
    if (typeof d === "string") {
      out[name] = { name, secret: false, value: d, literal: literal([...base, name], d), source };
    } else if (isRecord(d)) {
      const secret = d.secret === true;
      if (d.exists === true) out[name] = { name, secret, exists: true, source };
      else if (typeof d.value === "string") out[name] = { name, secret, value: d.value, literal: literal([...base, name, "value"], d.value), source };
      else if (typeof d.fromEnv === "string") {
        out[name] = { name, secret, value: ownValue(env, d.fromEnv) ?? "", fromEnv: d.fromEnv, source };
      }
    }
  }
  return out;
}

function schedules(envName: EnvironmentName, decls: Record<string, unknown>, base: PathSegment[], ref: Ref): Record<string, DesiredSchedule> {
  const out = nameRecord<DesiredSchedule>();
  for (const key of Object.keys(decls).sort()) {
    const d = decls[key];
    if (!isRecord(d) || typeof d.task !== "string" || typeof d.cron !== "string") continue;
    const s: DesiredSchedule = {
      key,
      task: d.task,
      cron: d.cron,
      timezone: typeof d.timezone === "string" ? d.timezone : "UTC",
      externalId: typeof d.externalId === "string" ? d.externalId : null,
      active: typeof d.active === "boolean" ? d.active : true,
      deduplicationKey: typeof d.deduplicationKey === "string" ? d.deduplicationKey : defaultDeduplicationKey(envName, key),
      source: ref([...base, key]),
    };
    if (typeof d.deduplicationKey === "string") fieldSources.set(s, { deduplicationKey: ref([...base, key, "deduplicationKey"], "value") });
    out[key] = s;
  }
  return out;
}

function queues(type: QueueType, decls: unknown, base: PathSegment[], ref: Ref): DesiredQueue[] {
  if (!isRecord(decls)) return [];
  const out: DesiredQueue[] = [];
  for (const name of Object.keys(decls).sort()) {
    const d = decls[name];
    if (!isRecord(d)) continue;
    const q: DesiredQueue = { type, name, source: ref([...base, name]) };
    if ("concurrencyLimit" in d && (typeof d.concurrencyLimit === "number" || d.concurrencyLimit === null)) {
      q.concurrencyLimit = d.concurrencyLimit;
      fieldSources.set(q, { concurrencyLimit: ref([...base, name, "concurrencyLimit"], "value") });
    }
    if (typeof d.paused === "boolean") q.paused = d.paused;
    out.push(q);
  }
  return out;
}
