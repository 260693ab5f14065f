/**
 * The desired-state layer: config file -> validated, normalised {@link DesiredState}, with every issue
 * located at file:line:col. Depends on src/model only (never on the client, the engine or Pulumi).
 */
export { loadConfig, DEFAULT_CONFIG_FILES } from "./load.js";
export type { LoadOptions } from "./load.js";
export { validateConfigText } from "./validate.js";
export { validateItem } from "./item.js";
export type { ConfigItem, ItemIssue, ItemResult, ItemScope } from "./item.js";
export type { LoadResult, ValidateOptions } from "./validate.js";
export { defineConfig } from "./define.js";
export { formatIssues } from "./format.js";
export type { FormatOptions } from "./format.js";
export { cronProblem } from "./cron.js";
export { timezoneProblem, timezoneSuggestion } from "./timezones.js";
export { SCHEMA_URL, configSchema } from "./schema.js";
export type { EnvSource } from "./env-vars.js";
export type {
  TriggerIacConfig,
  EnvironmentsConfig,
  EnvironmentConfig,
  PruneConfig,
  DeploymentConfig,
  EnvVarConfig,
  EnvVarValueConfig,
  EnvVarFromEnvConfig,
  EnvVarExistsConfig,
  QueuesConfig,
  QueueConfig,
  ScheduleConfig,
} from "./types.js";
export type { DesiredState } from "../model/desired.js";
export type { ValidationIssue } from "../model/source.js";
