/**
 * The Trigger.dev REST client: `createTriggerClient(options)` and everything its callers need to type against.
 * Depends on nothing internal but `model/` (environment names and key prefixes).
 */
export { createTriggerClient } from "./client.js";
export type { EnvironmentClient, EnvironmentClientOptions, TriggerClient } from "./client.js";
export { CLIENT_DEFAULTS, resolveClientOptions } from "./options.js";
export type {
  RateLimitOptions,
  ResolvedClientOptions,
  RetryEvent,
  RetryOptions,
  TokenBucketSettings,
  TriggerClientOptions,
  TriggerCredentials,
} from "./options.js";
export {
  CredentialError,
  HttpError,
  NetworkError,
  ResponseTooLargeError,
  TimeoutError,
  TriggerApiError,
  UnexpectedResponseError,
} from "./errors.js";
export { MAX_PAGES } from "./endpoints/pagination.js";
export type { RequestInfo, VariableError } from "./errors.js";
export { assertKeyMatchesEnvironment } from "./auth.js";
export { ACCESS_TOKEN_VARIABLE, secretKeyVariable } from "./credentials.js";
export type { RouteAccess } from "./auth.js";
export { PREVIEW_BRANCH_VARIABLE, sanitizeBranchName } from "./branch.js";
export { queueAddress } from "./endpoints/queues.js";
export type { EnvVarsApi } from "./endpoints/envvars.js";
export type { SchedulesApi } from "./endpoints/schedules.js";
export type { QueuesApi } from "./endpoints/queues.js";
export type { DeploymentListOptions, DeploymentsApi } from "./endpoints/deployments.js";
export type { RunListOptions, RunsApi } from "./endpoints/runs.js";
export type { WorkersApi } from "./endpoints/workers.js";
export type { ProjectsApi } from "./endpoints/projects.js";
export type * from "./api-types.js";
