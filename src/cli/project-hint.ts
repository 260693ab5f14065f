import { HttpError } from "../client/errors.js";
import { ProjectBindingError } from "../live/index.js";
import type { EnvironmentName } from "../model/environments.js";
import type { SourceRef } from "../model/source.js";
import { resolveCredentials, type EnvironmentCredential } from "./credentials.js";
import { CliError } from "./errors.js";
import type { CommandContext } from "./context.js";
import { describeApiError } from "./report-error.js";

/** Where the project ref came from: the file's `project:` (with its position) or `--project`. */
export interface ProjectOrigin {
  project: string;
  source?: SourceRef;
  /** Set when the ref came from a flag rather than the file. */
  flag?: string;
  /** The environments the command acted on (which credential serves one depends on them all). */
  environments: readonly EnvironmentName[];
}

/**
 * Turns the server's "this credential cannot see that project" refusals into a message that says what to check:
 * the project ref (with `file:line:col` of `project:`) and which credential was used, by kind and variable,
 * never by value. With a PAT the server answers `404 Project not found`; with a secret key of another project,
 * `400 Invalid project ref for this API key` (api-behaviour.md §1.3, §2.7), which the project binding check
 * reports as a {@link ProjectBindingError}. Undefined for any other error.
 */
export function projectRefusal(ctx: CommandContext, error: unknown, origin: ProjectOrigin): CliError | undefined {
  // The binding check's refusal of a secret key of another project already names its variable; add where `project:` is.
  const bound = error instanceof ProjectBindingError && !/environment slug/i.test(error.serverMessage);
  if (!(error instanceof HttpError) && !bound) return undefined;
  const notFound = error instanceof HttpError && error.status === 404 && /project not found/i.test(error.error ?? "");
  const foreignKey = bound || (error instanceof HttpError && error.status === 400 && /invalid project ref/i.test(error.error ?? ""));
  if (!notFound && !foreignKey) return undefined;
  const where = origin.flag ? origin.flag : origin.source ? `project: in ${origin.source.file}:${origin.source.line}:${origin.source.col}` : "project:";
  const used = error.environment ? describeCredential(ctx, error.environment, origin.environments) : undefined;
  const hint =
    `Check ${where} (${origin.project}): it must be the ref shown in the project's settings on Trigger.dev` +
    (used ? `, and ${used} must belong to that project.` : ".");
  return new CliError(describeApiError(error), { hint });
}

/** "the personal access token in TRIGGER_ACCESS_TOKEN" / "the prod secret key in TRIGGER_SECRET_KEY_PROD". */
function describeCredential(ctx: CommandContext, environment: EnvironmentName, environments: readonly EnvironmentName[]): string | undefined {
  let credential: EnvironmentCredential | undefined;
  try {
    credential = resolveCredentials(ctx.io.env, environments)[environment];
  } catch {
    return undefined;
  }
  if (credential === undefined) return undefined;
  return credential.kind === "accessToken"
    ? `the personal access token (tr_pat_…) in ${credential.source}`
    : `the ${environment} secret key in ${credential.source}`;
}
