import { TriggerApiError } from "../client/errors.js";
import { formatSource } from "../render/format.js";
import type { PlanFailure } from "../render/index.js";
import { CliError, ConfigIssuesError } from "./errors.js";
import { apiErrorHint, describeApiError, issuesUrl } from "./report-error.js";

/**
 * What a failed plan says in its pull-request comment: the same problems the error boundary prints
 * (report-error.ts), as data. Config issues keep their `file:line:col`; the CLI's redactor scrubs the result.
 * `project`: the configuration's project when it was loaded before the failure.
 */
export function planFailure(error: unknown, project?: string): PlanFailure {
  const failure = describe(error);
  return project && !failure.project ? { project, ...failure } : failure;
}

function describe(error: unknown): PlanFailure {
  if (error instanceof ConfigIssuesError) {
    const errors = error.issues.filter((i) => i.severity === "error").length;
    return {
      ...(error.project ? { project: error.project } : {}),
      headline: `The configuration has ${errors} ${errors === 1 ? "error" : "errors"}: nothing was read or changed.`,
      items: error.issues.map((i) => ({ message: i.path ? `${i.path}: ${i.message}` : i.message, where: formatSource(i), severity: i.severity })),
    };
  }
  if (error instanceof TriggerApiError) {
    const hint = apiErrorHint(error);
    return { headline: "The live project could not be read: nothing was changed.", items: [{ message: describeApiError(error), ...(hint ? { hint } : {}) }] };
  }
  if (error instanceof CliError) {
    return { headline: "Nothing was read or changed.", items: [{ message: error.message, ...(error.hint ? { hint: error.hint } : {}) }] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    headline: "trigger-iac stopped on an internal error: nothing was changed.",
    items: [{ message: `internal error: ${message}`, hint: `This is a bug in trigger-iac; please report it at ${issuesUrl()}` }],
  };
}
