/**
 * `trigger-iac`: Trigger.dev projects as code. The pipeline, in the order data flows:
 *
 * - config: `loadConfig()` turns files into a validated {@link DesiredState}; `defineConfig()` types a
 *   `trigger-iac.config.ts`;
 * - client + live: `createTriggerClient()` talks to the API, `readLive()` reads the live state with the fewest
 *   requests, `createApplyOps()` carries out operations;
 * - engine: `planChanges()` compares desired and live into a {@link Plan} (plain data); `applyPlan()` executes it;
 * - render: `renderText()`, `renderMarkdown()`, `renderJson()` print a plan.
 *
 * The Pulumi resources live in `trigger-iac/pulumi`, the local API emulator in `trigger-iac/testing`.
 *
 * @example
 * import { createTriggerClient, loadConfig, planChanges, readLive, renderText } from "trigger-iac";
 * const { desired, issues } = await loadConfig({ files: ["trigger-iac.yaml"], env: process.env });
 * if (desired) {
 *   const client = createTriggerClient({ projectRef: desired.project, credentials: { accessToken: process.env.TRIGGER_ACCESS_TOKEN } });
 *   const plan = planChanges(desired, await readLive(desired, client));
 *   console.log(renderText(plan));
 *   await client.close();
 * }
 */
export * from "./model/index.js";

export {
  loadConfig,
  validateConfigText,
  defineConfig,
  formatIssues,
  DEFAULT_CONFIG_FILES,
  SCHEMA_URL,
  configSchema,
} from "./config/index.js";
export type {
  LoadOptions,
  LoadResult,
  ValidateOptions,
  FormatOptions,
  EnvSource,
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
} from "./config/index.js";

export {
  planChanges,
  applyPlan,
  ApplyRefusedError,
  comparePlans,
  liveFingerprint,
  diffEnvVar,
  diffSchedule,
  diffQueue,
  diffDeployment,
  targetPlan,
  matchesTarget,
} from "./engine/index.js";
export type { PlanOptions, ApplyEvent, ApplyOptions, ApplyResult, ApplyOps, ScheduleWrite, DiffResult } from "./engine/index.js";

export { renderText, renderMarkdown, renderJson, parsePlanJson, PlanFormatError, MARKDOWN_MARKER } from "./render/index.js";
export type { TextRenderOptions, MarkdownRenderOptions } from "./render/index.js";

export {
  createTriggerClient,
  TriggerApiError,
  HttpError,
  NetworkError,
  TimeoutError,
  CredentialError,
  ResponseTooLargeError,
  UnexpectedResponseError,
} from "./client/index.js";
export type { TriggerClient, TriggerClientOptions, TriggerCredentials, EnvironmentClient, RetryOptions, RateLimitOptions } from "./client/index.js";

export { createRedactor, REDACTED, MIN_SECRET_LENGTH } from "./secrets/redact.js";
export type { Redactor } from "./secrets/redact.js";

export { readLive, createApplyOps, importProject, nodeSha256Hex, bindOps, ProjectBinding, ProjectBindingError } from "./live/index.js";
export type { ReadLiveOptions, ImportOptions, ImportResult, CredentialOrigin } from "./live/index.js";
