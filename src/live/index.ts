/**
 * The bridge between the REST client and the engine: reading live state in canonical shapes, the operations
 * `applyPlan` calls, and importing a live project as a configuration file.
 */
export { readLive, type ReadLiveOptions } from "./read.js";
export { promotionSources, readCurrentDeployment } from "./promotion.js";
export { verifyPromotion, type VerifyOutcome, type VerifyPoll, type VerifyTarget } from "./verify.js";
export { runCountsText, verifyOutcomeLine, verifyPollLine, verifyStartLine } from "./verify-report.js";
export { createApplyOps } from "./ops.js";
export { nodeSha256Hex } from "./hash.js";
export { bindOps } from "./binding.js";
export { boundOps, readAndPlan, type ReadAndPlanOptions } from "./read-plan.js";
export { ProjectBinding, ProjectBindingError, type CredentialOrigin } from "../client/credentials.js";
export { importProject, suggestedVariable, type ImportOptions, type ImportResult, type ImportSkip, type SecretReference } from "./import.js";
export { normaliseEnvVars, normaliseSchedules, normaliseQueues, normaliseDeployment, REDACTED_VALUE } from "./normalise.js";
