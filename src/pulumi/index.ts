/**
 * `trigger-iac/pulumi`: Trigger.dev schedules, environment variables, queue settings and deployment
 * promotions as Pulumi dynamic resources, and a `Project` component that declares them from the same
 * config file the CLI reads. `@pulumi/pulumi` is a peer dependency, imported only from this folder.
 */
export { Schedule, type ScheduleArgs } from "./resources/schedule.js";
export { EnvVar, type EnvVarArgs } from "./resources/env-var.js";
export { QueueSetting, type QueueSettingArgs } from "./resources/queue-setting.js";
export { DeploymentPromotion, type DeploymentPromotionArgs } from "./resources/deployment-promotion.js";
export type { CommonArgs } from "./resources/common.js";
export type { QueueSelector } from "./types.js";
export { ScheduleProvider } from "./providers/schedule.js";
export { EnvVarProvider } from "./providers/env-var.js";
export { QueueSettingProvider } from "./providers/queue-setting.js";
export { DeploymentPromotionProvider } from "./providers/deployment-promotion.js";
export { PROVIDER_VERSION } from "./version.js";
export { providerRuntime, type ProviderRuntime } from "./runtime/index.js";
export { Project, type ProjectArgs, type ProjectResources } from "./project.js";
