import { createTriggerClient, type RetryEvent, type TriggerClient } from "../client/index.js";
import { ProjectBinding, toClientCredentials } from "../client/credentials.js";
import type { EnvironmentName } from "../model/environments.js";
import { stringFlag } from "./args.js";
import { resolveApiUrl, resolveCredentials, resolvePreviewBranch } from "./credentials.js";
import type { CommandContext } from "./context.js";

/**
 * A REST client for `projectRef` acting on `environments`, with credentials and URL from the process
 * environment and flags (`TRIGGER_PREVIEW_BRANCH` becomes `previewBranch`). Credential problems (missing, wrong
 * prefix, a preview branch that is not a branch) are refused here, before any request.
 */
export function createCliClient(
  ctx: CommandContext,
  projectRef: string,
  environments: readonly EnvironmentName[],
  fileApiUrl?: string,
): TriggerClient {
  const apiUrl = resolveApiUrl(stringFlag(ctx.flags, "api-url"), ctx.io.env, fileApiUrl);
  const credentials = toClientCredentials(resolveCredentials(ctx.io.env, environments));
  // Only requests for `preview` carry it; without it, preview requests that need a secret key are refused (§1.1).
  const previewBranch = resolvePreviewBranch(ctx.io.env);
  return createTriggerClient({
    ...ctx.io.clientOptions,
    onRetry: retryNotice(ctx, apiUrl),
    apiUrl,
    projectRef,
    credentials,
    // The output's redactor: keys the client looks up with the token are scrubbed from everything printed.
    redactor: ctx.output.redactor,
    ...(previewBranch === undefined ? {} : { previewBranch }),
  });
}

/**
 * Says on stderr that a request is being retried, instead of going silent through the backoff waits (an
 * unreachable API takes several). One line per reason and attempt: requests failing together share it.
 */
function retryNotice(ctx: CommandContext, baseUrl: string): (event: RetryEvent) => void {
  const said = new Set<string>();
  return (event) => {
    const key = `${event.reason}|${event.attempt}`;
    if (said.has(key)) return;
    said.add(key);
    const what = /^HTTP \d/.test(event.reason)
      ? `The Trigger.dev API answered ${event.reason} to ${event.method} ${event.path}`
      : `Cannot reach the Trigger.dev API at ${baseUrl} (${event.reason})`;
    const where = event.environment ? `[${event.environment}] ` : "";
    const wait = event.delayMs >= 1000 ? `${(event.delayMs / 1000).toFixed(1)} s` : `${event.delayMs} ms`;
    ctx.output.err(ctx.output.color.yellow(`${where}${what}: retrying in ${wait} (attempt ${event.attempt} of ${event.maxAttempts})…`) + "\n");
  };
}

/**
 * The project binding check (product.md, Credentials) for the environments a command acts on, knowing which
 * variable each environment's credential came from, so that a foreign key is named in the error.
 */
export function createCliBinding(ctx: CommandContext, client: TriggerClient, environments: readonly EnvironmentName[]): ProjectBinding {
  return new ProjectBinding(client, resolveCredentials(ctx.io.env, environments));
}
