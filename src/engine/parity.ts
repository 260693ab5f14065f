import type { EnvironmentName } from "../model/environments.js";
import type { LiveEnvironment, LiveState } from "../model/live.js";
import { addressInEnvironment, KIND_ORDER, type ChangeTarget, type ResourceKind } from "../model/plan.js";
import type { ParityCell, ParityMatrix, ParityRow } from "../model/parity.js";
import { canonicalJson } from "./canonical.js";
import { liveScheduleKey } from "./diff-schedule.js";
import { sha256Hex } from "./sha256.js";
import { compareStrings } from "../util/compare.js";

/** What a present object is compared by: a digest held in memory only (never in the matrix), or unknown. */
type Observed = { digest: string; inherited?: true } | { unknown: true; inherited?: true };

/**
 * Builds the parity matrix from the live state a plan read (no request of its own). Values are compared by
 * SHA-256 digest in memory, secret values included, and the matrix keeps only states and group letters, so
 * neither a value nor a digest of one can be printed from it.
 */
export function parityMatrix(live: LiveState): ParityMatrix {
  const environments = live.environments.map((e) => e.name);
  const byRow = new Map<string, { kind: ResourceKind; seen: Map<EnvironmentName, Observed> }>();
  const read = new Map<EnvironmentName, Set<ResourceKind>>();
  for (const env of live.environments) {
    read.set(env.name, collectionsRead(env));
    for (const [target, observed] of observe(env)) {
      const address = addressInEnvironment(target);
      const row = byRow.get(address) ?? { kind: target.kind, seen: new Map() };
      row.seen.set(env.name, observed);
      byRow.set(address, row);
    }
  }
  const rows: ParityRow[] = [];
  for (const [address, { kind, seen }] of byRow) {
    rows.push({ address, kind, ...cellsOf(environments, seen, (env) => read.get(env)?.has(kind) ?? false) });
  }
  rows.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareStrings(a.address, b.address));
  const branches = Object.fromEntries(live.environments.flatMap((e) => (e.envVarBranch ? [[e.name, e.envVarBranch.name]] : [])));
  return { project: live.project, environments, ...(Object.keys(branches).length > 0 ? { branches } : {}), rows };
}

function cellsOf(
  environments: EnvironmentName[],
  seen: Map<EnvironmentName, Observed>,
  wasRead: (env: EnvironmentName) => boolean,
): Pick<ParityRow, "cells" | "differs"> {
  const digests = [...seen.values()].flatMap((o) => ("digest" in o ? [o.digest] : []));
  const distinct = [...new Set(digests)];
  const groups = new Map(distinct.map((d, i) => [d, String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : "")]));
  const comparable = digests.length >= 2 && distinct.length === 1;
  const cells: Partial<Record<EnvironmentName, ParityCell>> = {};
  for (const env of environments) {
    const o = seen.get(env);
    if (o === undefined) cells[env] = { state: wasRead(env) ? "missing" : "not-read" };
    else if (o.inherited) cells[env] = { state: "inherited" };
    else if ("unknown" in o) cells[env] = { state: "not-compared" };
    else if (comparable) cells[env] = { state: "same" };
    else if (digests.length === 1) cells[env] = { state: "present" };
    else cells[env] = { state: "differs", group: groups.get(o.digest) };
  }
  // An inherited cell differs from nothing by itself: its value is compared through the other cells.
  const differs = Object.values(cells).some((c) => c.state !== "same" && c.state !== "inherited");
  return { cells, differs };
}

function collectionsRead(env: LiveEnvironment): Set<ResourceKind> {
  const kinds = new Set<ResourceKind>();
  if (env.envVars !== undefined) kinds.add("envVar");
  if (env.schedules !== undefined) kinds.add("schedule");
  if (env.queues !== undefined) kinds.add("queue");
  if (env.deployment !== undefined) kinds.add("deployment");
  return kinds;
}

function digest(value: unknown): Observed {
  return { digest: sha256Hex(canonicalJson(value)) };
}

/** Each object of `env` with what it is compared by; its row is the address of its target. */
function* observe(env: LiveEnvironment): Generator<[ChangeTarget, Observed]> {
  for (const v of Object.values(env.envVars ?? {})) {
    const observed: Observed = v.value === undefined ? { unknown: true } : digest([v.isSecret, v.value]);
    yield [{ kind: "envVar", name: v.name }, v.inherited ? { ...observed, inherited: true } : observed];
  }
  const declarative = new Map<string, number>();
  for (const s of env.schedules ?? []) {
    yield [{ kind: "schedule", key: scheduleKey(env.name, s, declarative) }, digest([s.type, s.task, s.cron, s.timezone, s.externalId, s.active])];
  }
  for (const q of env.queues ?? []) {
    yield [{ kind: "queue", type: q.type, name: q.name }, digest([q.concurrencyLimit, q.paused])];
  }
  const current = env.deployment?.current;
  if (current) yield [{ kind: "deployment" }, digest(current.version)];
}

/**
 * A schedule's row across environments: the key of a schedule this tool manages (`iac:<env>:<key>`), a
 * user's own deduplicationKey, the task of a declarative schedule; else its id (unique to one environment).
 */
function scheduleKey(env: EnvironmentName, s: NonNullable<LiveEnvironment["schedules"]>[number], declarative: Map<string, number>): string {
  const key = liveScheduleKey(env, s);
  if (key !== s.id) return key;
  if (s.type === "DECLARATIVE") {
    const n = (declarative.get(s.task) ?? 0) + 1;
    declarative.set(s.task, n);
    return `${s.task} (declarative${n > 1 ? ` ${n}` : ""})`;
  }
  return s.deduplicationKey ?? s.id;
}
