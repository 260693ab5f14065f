import type { DeploymentConfig, QueueConfig, ScheduleConfig } from "../config/types.js";
import type { DesiredSchedule } from "../model/desired.js";
import type { EnvironmentName } from "../model/environments.js";

/**
 * The plain (wire) shapes the dynamic providers receive and return: what the resource classes' inputs look
 * like once Pulumi has resolved them, and what is kept in state as outputs. Credentials are never here:
 * the providers read them from the process environment when a method runs.
 */

/** Inputs every kind shares. */
export interface CommonInputs {
  /** Project ref, `proj_…`. */
  project: string;
  environment: EnvironmentName;
  /** API base URL; `TRIGGER_API_URL` overrides it. @default "https://api.trigger.dev" */
  apiUrl?: string;
}

/** The input of the kinds whose `create` refuses an existing remote object unless told to take it over. */
export interface AdoptInput {
  /**
   * Take over a remote object that already exists with this identity (logged as a warning); without it,
   * `create` refuses, since a later delete would remove what Pulumi never created. @default false
   */
  adopt?: boolean;
}

/** Outputs every kind shares. */
export interface CommonOutputs {
  /** The trigger-iac version whose provider code wrote this state. */
  providerVersion: string;
}

/** What a Schedule sends to its provider: a config file's schedule and its key (see `ScheduleArgs`). */
export interface ScheduleInputs extends CommonInputs, AdoptInput, ScheduleConfig {
  key: string;
}

/** A Schedule's state: the live schedule, defaults filled (the desired schedule's fields, without source). */
export interface ScheduleOutputs extends CommonInputs, CommonOutputs, Omit<DesiredSchedule, "source"> {
  /** The server id, `sched_…` (also the resource id). */
  scheduleId: string;
}

/** What an EnvVar sends to its provider. */
export interface EnvVarInputs extends CommonInputs, AdoptInput {
  name: string;
  /** The value to write; absent with `exists: true`. Always a Pulumi secret in the resource class. */
  value?: string;
  secret?: boolean;
  /** The variable must exist; its value is managed elsewhere, never written or deleted. */
  exists?: boolean;
}

/** An EnvVar's state. */
export interface EnvVarOutputs extends CommonInputs, CommonOutputs {
  name: string;
  /** Same key as the secret input, so the engine keeps it secret; absent with `exists: true`. */
  value?: string;
  secret: boolean;
  exists: boolean;
}

/** A queue: a task's default queue by task id, or a custom queue by name. */
export type QueueSelector = { task: string } | { custom: string };

/** What a QueueSetting sends to its provider: a config file's queue settings (absent: not managed). */
export interface QueueSettingInputs extends CommonInputs, AdoptInput, QueueConfig {
  queue: QueueSelector;
}

/** A QueueSetting's state: only the fields it manages, as live. */
export interface QueueSettingOutputs extends CommonInputs, CommonOutputs, QueueConfig {
  queue: QueueSelector;
  /** The server id, `queue_…`. */
  queueId: string;
  /** The limit declared in code (null: unlimited). */
  baseConcurrencyLimit: number | null;
}

/** What a DeploymentPromotion sends to its provider: the config file's `deployment` section. */
export interface DeploymentPromotionInputs extends CommonInputs, DeploymentConfig {
  /**
   * Set by the provider's `check`, never by the program: with `follow`, the version current in the followed
   * environment when the inputs were checked. `diff` compares it with the state, and `pulumi preview --diff`
   * shows it, so a move of the source is a visible update.
   */
  candidate?: string;
}

/** A DeploymentPromotion's state: the current deployment, and the promotion settings it was made with. */
export interface DeploymentPromotionOutputs extends CommonInputs, CommonOutputs, Omit<DeploymentConfig, "version"> {
  /** The version current after the last create or update (or refresh). */
  version: string;
  /** The server id of the promoted deployment. */
  deploymentId: string;
}

/** The four kinds, as the serialized provider code names them when it calls the runtime. */
export type ProviderKind = "schedule" | "envVar" | "queue" | "deployment";
