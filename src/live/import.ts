import { Document, isMap, isScalar, type Pair } from "yaml";
import type { TriggerClient } from "../client/client.js";
import { managedSchedulePrefix } from "../engine/diff-schedule.js";
import { MANAGED_DEDUP_PREFIX } from "../model/desired.js";
import { ENVIRONMENT_NAMES, type EnvironmentName } from "../model/environments.js";
import type { LiveQueue, LiveSchedule } from "../model/live.js";
import { normaliseDeployment, normaliseEnvVars, normaliseQueues, normaliseSchedules } from "./normalise.js";
import { nameRecord } from "../model/records.js";
import { compareStrings } from "../util/compare.js";

/** A secret variable turned into a `fromEnv` reference: the user sets `fromEnv` before planning. */
export interface SecretReference {
  environment: EnvironmentName;
  name: string;
  fromEnv: string;
}

/** Something live that the written file does not manage, and why. */
export interface ImportSkip {
  environment: EnvironmentName;
  what: string;
  reason: string;
}

/** What {@link importProject} produced. */
export interface ImportResult {
  /** The configuration file (YAML), starting with the schema comment. Holds no secret value. */
  text: string;
  /** Secret variables written as `{ fromEnv, secret: true }`: their values must be provided to plan. */
  secrets: SecretReference[];
  skipped: ImportSkip[];
}

/** Options of {@link importProject}. */
export interface ImportOptions {
  /** The `$schema` comment's path. @default "./node_modules/trigger-iac/schemas/trigger-iac.schema.json" */
  schemaPath?: string;
}

const SCHEDULE_KEY = /^[A-Za-z0-9_.:-]+$/;
const MAX_SCHEDULE_KEY = 100;
/** What the config schema accepts as a deduplicationKey. */
const DECLARABLE_DEDUP_KEY = /^\S{1,200}$/;

/**
 * Writes a configuration from the live project, for adopting an existing project: planned against the same
 * project (with the secret `fromEnv` variables set to the current values) it shows no changes.
 * - plain env vars as literal values; secret ones as `{ fromEnv: <ENV>_<NAME>, secret: true }`: the list
 *   endpoint redacts them and a value is never written to a file;
 * - imperative schedules managed by this tool (`iac:<env>:<key>`) under their key; ones with a user-given
 *   deduplicationKey under a key derived from it, with `deduplicationKey` set explicitly so the identity holds;
 *   declarative schedules (defined in code) and schedules with a server-generated key are skipped;
 * - queue overrides as `concurrencyLimit`, paused queues as `paused: true`;
 * - the promoted deployment as `deployment.version`.
 * No prune setting is written: env vars and queues are not pruned, and every owned schedule is declared.
 */
export async function importProject(client: TriggerClient, environments: readonly EnvironmentName[], options: ImportOptions = {}): Promise<ImportResult> {
  const ordered = ENVIRONMENT_NAMES.filter((name) => environments.includes(name));
  const read = await Promise.all(ordered.map((name) => readForImport(client, name)));
  const secrets: SecretReference[] = [];
  const skipped: ImportSkip[] = [];
  const envs: Record<string, unknown> = {};
  for (const { name, envVars, schedules, queues, current } of read) {
    const env: Record<string, unknown> = {};
    if (current) env.deployment = { version: current };
    const vars = nameRecord<unknown>();
    for (const v of Object.values(envVars)) {
      if (v.isSecret) {
        const fromEnv = suggestedVariable(name, v.name);
        vars[v.name] = { fromEnv, secret: true };
        secrets.push({ environment: name, name: v.name, fromEnv });
      } else if (v.value !== undefined) {
        vars[v.name] = v.value;
      }
    }
    env.envVars = vars;
    const queueSection = importQueues(queues);
    if (queueSection) env.queues = queueSection;
    env.schedules = importSchedules(name, schedules, skipped);
    envs[name] = env;
  }
  const doc = new Document({ version: 1, project: client.projectRef, environments: envs });
  markFlow(doc);
  const schemaPath = options.schemaPath ?? "./node_modules/trigger-iac/schemas/trigger-iac.schema.json";
  const header =
    `# yaml-language-server: $schema=${schemaPath}\n` +
    `# Imported from ${client.projectRef} (${ordered.join(", ")}) by trigger-iac import.\n` +
    (secrets.length ? "# Secret values are not in this file: set the fromEnv variables below before planning.\n" : "");
  return { text: header + doc.toString({ lineWidth: 0 }), secrets, skipped };
}

async function readForImport(client: TriggerClient, name: EnvironmentName) {
  const api = client.environment(name);
  const [items, schedules, queues, current] = await Promise.all([
    api.envVars.list(),
    api.schedules.list(),
    api.queues.list(),
    api.deployments.current(),
  ]);
  return {
    name,
    envVars: normaliseEnvVars(items),
    schedules: normaliseSchedules(schedules),
    queues: normaliseQueues(queues),
    current: current === null ? undefined : normaliseDeployment(current).version,
  };
}

/** `PROD_STRIPE_API_KEY` for prod's `STRIPE_API_KEY`: unique per environment, a valid variable name. */
export function suggestedVariable(env: EnvironmentName, name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, "_").toUpperCase();
  return `${env.toUpperCase()}_${cleaned}`;
}

function importQueues(queues: readonly LiveQueue[]): Record<string, unknown> | undefined {
  const tasks = nameRecord<unknown>();
  const custom = nameRecord<unknown>();
  for (const q of queues) {
    const settings: Record<string, unknown> = {};
    if (q.override !== null) settings.concurrencyLimit = q.override;
    if (q.paused) settings.paused = true;
    if (Object.keys(settings).length === 0) continue;
    (q.type === "task" ? tasks : custom)[q.name] = settings;
  }
  const section: Record<string, unknown> = {};
  if (Object.keys(tasks).length) section.tasks = tasks;
  if (Object.keys(custom).length) section.custom = custom;
  return Object.keys(section).length ? section : undefined;
}

function importSchedules(env: EnvironmentName, schedules: readonly LiveSchedule[], skipped: ImportSkip[]): Record<string, unknown> {
  const prefix = managedSchedulePrefix(env);
  const out = nameRecord<unknown>();
  const candidates: { key: string; schedule: LiveSchedule; explicitKey: boolean }[] = [];
  for (const s of schedules) {
    if (s.type === "DECLARATIVE") {
      skipped.push({ environment: env, what: `schedule ${s.id} (task ${s.task})`, reason: "declarative: defined in code with schedules.task()" });
      continue;
    }
    if (s.deduplicationKey === null) {
      skipped.push({
        environment: env,
        what: `schedule ${s.id} (task ${s.task})`,
        reason: "created without a deduplicationKey, so it has no stable identity; recreate it from the file to manage it",
      });
      continue;
    }
    if (!DECLARABLE_DEDUP_KEY.test(s.deduplicationKey)) {
      skipped.push({
        environment: env,
        what: `schedule ${s.id} (task ${s.task}, deduplicationKey "${s.deduplicationKey}")`,
        reason: "its deduplicationKey has spaces or is longer than 200 characters, which a config file cannot declare",
      });
      continue;
    }
    if (s.deduplicationKey.startsWith(MANAGED_DEDUP_PREFIX) && !s.deduplicationKey.startsWith(prefix)) {
      // Marked for another environment (the server moves schedules on key collisions, api-behaviour.md §0
      // item 5): declaring it here is a config error, since creating it would move the other one.
      skipped.push({
        environment: env,
        what: `schedule ${s.id} (task ${s.task}, deduplicationKey "${s.deduplicationKey}")`,
        reason: `its deduplicationKey is marked for another environment; recreate it from the file under ${env} to manage it`,
      });
      continue;
    }
    const ownKey = s.deduplicationKey.startsWith(prefix) ? s.deduplicationKey.slice(prefix.length) : undefined;
    if (ownKey !== undefined && SCHEDULE_KEY.test(ownKey) && ownKey.length <= MAX_SCHEDULE_KEY) {
      candidates.push({ key: ownKey, schedule: s, explicitKey: false });
    } else {
      candidates.push({ key: scheduleKeyFrom(s.deduplicationKey), schedule: s, explicitKey: true });
    }
  }
  // Managed schedules keep their own key; user-keyed ones get a unique derived one.
  const used = new Set(candidates.filter((c) => !c.explicitKey).map((c) => c.key));
  for (const c of [...candidates].sort((a, b) => Number(a.explicitKey) - Number(b.explicitKey) || compareStrings(a.key, b.key))) {
    let key = c.key;
    if (c.explicitKey) {
      for (let n = 2; used.has(key); n++) key = `${c.key.slice(0, MAX_SCHEDULE_KEY - String(n).length - 1)}-${n}`;
      used.add(key);
    }
    const s = c.schedule;
    const entry: Record<string, unknown> = { task: s.task, cron: s.cron };
    if (s.timezone !== "UTC") entry.timezone = s.timezone;
    if (s.externalId !== null) entry.externalId = s.externalId;
    if (!s.active) entry.active = false;
    if (c.explicitKey) entry.deduplicationKey = s.deduplicationKey;
    out[key] = entry;
  }
  return out;
}

function scheduleKeyFrom(deduplicationKey: string): string {
  const cleaned = deduplicationKey.replace(/[^A-Za-z0-9_.:-]+/g, "-").replace(/^-+|-+$/g, "");
  return (cleaned || "schedule").slice(0, MAX_SCHEDULE_KEY);
}

/** Secret references and queue settings on one line, like the examples in the docs. */
const FLOW_KEYS = new Set(["fromEnv", "secret", "concurrencyLimit", "paused"]);

function markFlow(doc: Document): void {
  const visit = (node: unknown) => {
    if (!isMap(node)) return;
    const pairs = node.items as Pair[];
    if (pairs.length > 0 && pairs.every((p) => isScalar(p.value) && isScalar(p.key) && FLOW_KEYS.has(String(p.key.value)))) {
      node.flow = true;
    }
    for (const p of pairs) visit(p.value);
  };
  visit(doc.contents);
}
