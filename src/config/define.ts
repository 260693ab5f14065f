import type { TriggerIacConfig } from "./types.js";

/**
 * Types a `trigger-iac.config.ts` file; returns its argument unchanged.
 *
 * @example
 * import { defineConfig } from "trigger-iac";
 *
 * export default defineConfig({
 *   version: 1,
 *   project: "proj_yubjwjsfkxnylobaqvqz",
 *   environments: { prod: { envVars: { LOG_LEVEL: "warn" } } },
 * });
 */
export function defineConfig(config: TriggerIacConfig): TriggerIacConfig {
  return config;
}
