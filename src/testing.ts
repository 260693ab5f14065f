/**
 * `trigger-iac/testing`: the local Trigger.dev API emulator, for the demo, our tests and users' own tests.
 *
 * @example
 * import { startEmulator } from "trigger-iac/testing";
 * const emulator = await startEmulator();
 * // emulator.url, emulator.credentials.accessToken, emulator.credentials.secretKeys.prod
 * await emulator.close();
 */
export { startEmulator } from "./emulator/emulator.js";
export { DEFAULT_SEED } from "./emulator/default-seed.js";
export { loadSeedFile } from "./emulator/seed.js";
export { parseFaultSpec } from "./emulator/faults.js";
export type {
  Emulator,
  EmulatorAdmin,
  EmulatorOptions,
  EmulatorSeed,
  FaultRule,
  RateLimitSettings,
  RequestLogEntry,
  SeedDeployment,
  SeedEnvironment,
  SeedProject,
  SeedQueue,
  SeedRun,
  SeedRunOutcomes,
  SeedSchedule,
  SeedTask,
} from "./emulator/types.js";
