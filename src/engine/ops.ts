import type { EnvironmentName } from "../model/environments.js";
import type { DesiredSchedule, QueueIdentity } from "../model/desired.js";

/** A schedule as the API writes it: every field always sent (the server resets what is omitted). */
export type ScheduleWrite = Pick<DesiredSchedule, "task" | "cron" | "timezone" | "externalId" | "deduplicationKey">;

/**
 * What `apply()` needs from the outside world, one method per API operation. The engine calls these and
 * nothing else; `live/` implements them on the client, tests may implement them on anything.
 * Every method acts on one environment and throws on failure.
 */
export interface ApplyOps {
  /** Bulk create-or-update through the import endpoint with override (one call per secret flag). */
  importEnvVars(env: EnvironmentName, variables: Record<string, string>, isSecret: boolean): Promise<void>;
  deleteEnvVar(env: EnvironmentName, name: string): Promise<void>;

  /** Returns the created schedule's id. */
  createSchedule(env: EnvironmentName, schedule: ScheduleWrite): Promise<{ id: string }>;
  updateSchedule(env: EnvironmentName, id: string, schedule: ScheduleWrite): Promise<void>;
  deleteSchedule(env: EnvironmentName, id: string): Promise<void>;
  setScheduleActive(env: EnvironmentName, id: string, active: boolean): Promise<void>;

  overrideQueue(env: EnvironmentName, queue: QueueIdentity, limit: number): Promise<void>;
  /** Resets an override; a 400 "Queue is not overridden" counts as success. */
  resetQueue(env: EnvironmentName, queue: QueueIdentity): Promise<void>;
  setQueuePaused(env: EnvironmentName, queue: QueueIdentity, paused: boolean): Promise<void>;

  promoteDeployment(env: EnvironmentName, version: string, allowRollbacks: boolean): Promise<void>;
}
