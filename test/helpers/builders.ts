import {
  defaultDeduplicationKey,
  type DesiredEnvVar,
  type DesiredEnvironment,
  type DesiredQueue,
  type DesiredSchedule,
  type DesiredState,
  type EnvironmentName,
  type LiveEnvVar,
  type LiveEnvironment,
  type LiveQueue,
  type LiveSchedule,
  type LiveState,
  type PruneSettings,
} from "../../src/model/index.js";
import type { ApplyOps, ScheduleWrite } from "../../src/engine/ops.js";

/** Builders for the pure tier: desired and live states in a few lines, no disk, no network. */

export const PROJECT = "proj_test";

export function desiredState(...environments: DesiredEnvironment[]): DesiredState {
  return { project: PROJECT, environments };
}

export function desiredEnv(
  name: EnvironmentName,
  parts: Partial<Omit<DesiredEnvironment, "name" | "prune">> & { prune?: Partial<PruneSettings> } = {},
): DesiredEnvironment {
  const { prune, ...rest } = parts;
  return { name, prune: { envVars: false, schedules: false, queues: false, ...prune }, ...rest };
}

export function plainVar(name: string, value: string): DesiredEnvVar {
  return { name, secret: false, value };
}

export function secretVar(name: string, value: string): DesiredEnvVar {
  return { name, secret: true, value };
}

export function presenceVar(name: string, secret = true): DesiredEnvVar {
  return { name, secret, exists: true };
}

export function envVars(...vars: DesiredEnvVar[]): Record<string, DesiredEnvVar> {
  return Object.fromEntries(vars.map((v) => [v.name, v]));
}

export function schedule(env: EnvironmentName, key: string, parts: Partial<DesiredSchedule> = {}): DesiredSchedule {
  return {
    key,
    task: "cleanup",
    cron: "0 3 * * *",
    timezone: "UTC",
    externalId: null,
    active: true,
    deduplicationKey: defaultDeduplicationKey(env, key),
    ...parts,
  };
}

export function schedules(...list: DesiredSchedule[]): Record<string, DesiredSchedule> {
  return Object.fromEntries(list.map((s) => [s.key, s]));
}

export function queue(type: "task" | "custom", name: string, parts: Partial<DesiredQueue> = {}): DesiredQueue {
  return { type, name, ...parts };
}

export function liveState(...environments: LiveEnvironment[]): LiveState {
  return { project: PROJECT, environments };
}

export function liveEnv(name: EnvironmentName, parts: Partial<Omit<LiveEnvironment, "name">> = {}): LiveEnvironment {
  return { name, ...parts };
}

export function livePlain(name: string, value: string): LiveEnvVar {
  return { name, isSecret: false, value };
}

/** A secret live variable; without `value` it is one whose value could not be read. */
export function liveSecret(name: string, value?: string): LiveEnvVar {
  return value === undefined ? { name, isSecret: true } : { name, isSecret: true, value };
}

export function liveVars(...vars: LiveEnvVar[]): Record<string, LiveEnvVar> {
  return Object.fromEntries(vars.map((v) => [v.name, v]));
}

let scheduleCounter = 0;

export function liveSchedule(parts: Partial<LiveSchedule> = {}): LiveSchedule {
  scheduleCounter += 1;
  return {
    id: `sched_${String(scheduleCounter).padStart(4, "0")}`,
    type: "IMPERATIVE",
    task: "cleanup",
    cron: "0 3 * * *",
    timezone: "UTC",
    externalId: null,
    active: true,
    deduplicationKey: null,
    ...parts,
  };
}

/** A live schedule created by this tool for `env`/`key` with the default deduplicationKey. */
export function liveManagedSchedule(env: EnvironmentName, key: string, parts: Partial<LiveSchedule> = {}): LiveSchedule {
  return liveSchedule({ deduplicationKey: defaultDeduplicationKey(env, key), ...parts });
}

export function liveQueue(type: "task" | "custom", name: string, parts: Partial<LiveQueue> = {}): LiveQueue {
  return {
    id: `queue_${type}_${name}`,
    type,
    name,
    paused: false,
    concurrencyLimit: 10,
    base: null,
    override: null,
    overriddenAt: null,
    overriddenBy: null,
    ...parts,
  };
}

/** A live queue with an active override of `override` over a code-declared `base`. */
export function overriddenQueue(
  type: "task" | "custom",
  name: string,
  override: number,
  base: number | null = 10,
  parts: Partial<LiveQueue> = {},
): LiveQueue {
  return liveQueue(type, name, {
    concurrencyLimit: override,
    base,
    override,
    overriddenAt: "2026-11-20T10:00:00.000Z",
    overriddenBy: null,
    ...parts,
  });
}

/** One recorded call of a {@link RecordingOps}. */
export interface OpCall {
  method: keyof ApplyOps;
  env: EnvironmentName;
  args: unknown[];
}

/**
 * A test double of the injected ApplyOps interface: records every call in order, and fails the calls that
 * `failWhen` picks with the given message.
 */
export class RecordingOps implements ApplyOps {
  readonly calls: OpCall[] = [];
  private nextId = 1;

  constructor(private readonly failWhen: (call: OpCall) => string | undefined = () => undefined) {}

  private async record(call: OpCall): Promise<void> {
    this.calls.push(call);
    await Promise.resolve();
    const message = this.failWhen(call);
    if (message !== undefined) throw new Error(message);
  }

  async importEnvVars(env: EnvironmentName, variables: Record<string, string>, isSecret: boolean) {
    await this.record({ method: "importEnvVars", env, args: [{ ...variables }, isSecret] });
  }
  async deleteEnvVar(env: EnvironmentName, name: string) {
    await this.record({ method: "deleteEnvVar", env, args: [name] });
  }
  async createSchedule(env: EnvironmentName, s: ScheduleWrite) {
    await this.record({ method: "createSchedule", env, args: [{ ...s }] });
    return { id: `sched_new${this.nextId++}` };
  }
  async updateSchedule(env: EnvironmentName, id: string, s: ScheduleWrite) {
    await this.record({ method: "updateSchedule", env, args: [id, { ...s }] });
  }
  async deleteSchedule(env: EnvironmentName, id: string) {
    await this.record({ method: "deleteSchedule", env, args: [id] });
  }
  async setScheduleActive(env: EnvironmentName, id: string, active: boolean) {
    await this.record({ method: "setScheduleActive", env, args: [id, active] });
  }
  async overrideQueue(env: EnvironmentName, q: { type: "task" | "custom"; name: string }, limit: number) {
    await this.record({ method: "overrideQueue", env, args: [{ ...q }, limit] });
  }
  async resetQueue(env: EnvironmentName, q: { type: "task" | "custom"; name: string }) {
    await this.record({ method: "resetQueue", env, args: [{ ...q }] });
  }
  async setQueuePaused(env: EnvironmentName, q: { type: "task" | "custom"; name: string }, paused: boolean) {
    await this.record({ method: "setQueuePaused", env, args: [{ ...q }, paused] });
  }
  async promoteDeployment(env: EnvironmentName, version: string, allowRollbacks: boolean) {
    await this.record({ method: "promoteDeployment", env, args: [version, allowRollbacks] });
  }
}

/** Secret values used by {@link samplePlanInputs}: no output may ever contain them. */
export const SAMPLE_SECRETS = ["sk_live_SAMPLE_SECRET_AAAA", "sk_live_SAMPLE_OLD_BBBB", "whsec_SAMPLE_CCCC"] as const;

/**
 * A desired and live state whose plan holds every action (create, update, replace, delete, noop with a note,
 * unmanaged), a lost secret flag, masked and sensitive values, queue notes, a rollback and a diagnostic.
 */
export function samplePlanInputs(): { desired: DesiredState; live: LiveState } {
  const [secret, oldSecret, webhook] = SAMPLE_SECRETS;
  const desired = desiredState(
    desiredEnv("staging", {
      prune: { envVars: true, schedules: true, queues: false },
      deployment: { version: "20261120.3", source: { file: "trigger-iac.yaml", line: 8, col: 7 } },
      envVars: envVars(
        plainVar("LOG_LEVEL", "info"),
        secretVar("STRIPE_KEY", secret),
        plainVar("SLACK_WEBHOOK_URL", webhook),
        secretVar("UNREADABLE", secret),
        secretVar("NEW_SECRET", secret),
      ),
      queues: [queue("task", "send-email", { concurrencyLimit: 20 }), queue("task", "send-emial", { concurrencyLimit: 1 })],
      schedules: schedules(schedule("staging", "nightly", { cron: "0 4 * * *" }), schedule("staging", "weekly", { task: "report-v2" })),
    }),
    desiredEnv("prod", { deployment: { version: "20261101.1" }, envVars: envVars(plainVar("LOG_LEVEL", "warn")) }),
  );
  const live = liveState(
    liveEnv("staging", {
      envVars: liveVars(
        livePlain("LOG_LEVEL", "debug"),
        liveSecret("STRIPE_KEY", oldSecret),
        liveSecret("SLACK_WEBHOOK_URL"),
        liveSecret("UNREADABLE"),
        liveSecret("OLD_TOKEN", oldSecret),
      ),
      deployment: { current: { id: "d1", version: "20261118.1", status: "DEPLOYED" }, declared: { id: "d2", version: "20261120.3", status: "DEPLOYED" } },
      queues: [liveQueue("task", "send-email"), overriddenQueue("custom", "exports", 3, 5, { overriddenBy: "Alice" })],
      schedules: [
        liveManagedSchedule("staging", "nightly", { id: "sched_n" }),
        liveManagedSchedule("staging", "weekly", { id: "sched_w", task: "report" }),
        liveManagedSchedule("staging", "gone", { id: "sched_g" }),
        liveSchedule({ id: "sched_decl", type: "DECLARATIVE", task: "digest" }),
      ],
    }),
    liveEnv("prod", {
      envVars: liveVars(livePlain("LOG_LEVEL", "warn")),
      deployment: { current: { id: "d9", version: "20261120.3", status: "DEPLOYED" }, declared: { id: "d8", version: "20261101.1", status: "DEPLOYED" } },
    }),
  );
  return { desired, live };
}
