import { CredentialError, HttpError, NetworkError, TimeoutError, TriggerApiError } from "../client/errors.js";
import { ProjectBindingError } from "../live/index.js";
import { clipText, scrubAndClip } from "../secrets/redact.js";
import { CliError, ReportedError } from "./errors.js";
import type { Output } from "./io.js";
import { packageJson } from "./version.js";

/** Where internal errors should be reported: package.json `bugs.url`. */
export function issuesUrl(): string {
  const fallback = "https://github.com/trigger-iac/trigger-iac/issues";
  try {
    const { bugs } = packageJson();
    return (typeof bugs === "string" ? bugs : bugs?.url) ?? fallback;
  } catch {
    return fallback;
  }
}

/**
 * The one error boundary (style.md habit 4): user and API errors become one clear message and exit code 1,
 * never a stack trace; anything else is an internal error that asks to be reported, with the stack only
 * when `TRIGGER_IAC_DEBUG=1`.
 */
export function reportError(output: Output, error: unknown): number {
  const { color } = output;
  const prefix = color.red("Error:");
  if (error instanceof ReportedError) return error.exitCode;
  if (error instanceof CliError) {
    output.err(`${prefix} ${error.message}\n`);
    if (error.hint) output.err(`${error.hint}\n`);
    return error.exitCode;
  }
  if (error instanceof TriggerApiError) {
    output.err(`${prefix} ${describeApiError(error)}\n`);
    const hint = apiErrorHint(error);
    if (hint) output.err(`${hint}\n`);
    return 1;
  }
  if (isUserFileError(error)) {
    output.err(`${prefix} ${error.message}\n`);
    return 1;
  }
  const debug = output.io.env.TRIGGER_IAC_DEBUG === "1";
  // Scrubbed before clipped: a cut through a secret would print its first characters.
  const message = scrubAndClip(output.redactor, error instanceof Error ? error.message : String(error));
  output.err(`${prefix} internal error: ${message}\nThis is a bug in trigger-iac; please report it at ${issuesUrl()}\n`);
  if (debug && error instanceof Error && error.stack) output.err(`${error.stack}\n`);
  else output.err("Set TRIGGER_IAC_DEBUG=1 to include the stack trace in the report.\n");
  return 1;
}

/** One line about an API failure, with the API's own message. */
export function describeApiError(error: TriggerApiError): string {
  const where = error.environment ? `[${error.environment}] ` : "";
  if (error instanceof HttpError) {
    const details = error.variableErrors && clipText(error.variableErrors.map((v) => `${v.key}: ${v.error}`).join("; "));
    return `${where}the Trigger.dev API refused ${error.method} ${error.path}: ${error.error ?? `HTTP ${error.status}`}` +
      (details ? ` (${details})` : "") + ` [HTTP ${error.status}]`;
  }
  if (error instanceof TimeoutError) return `${where}${error.message}`;
  if (error instanceof NetworkError) return `${where}could not reach the Trigger.dev API: ${error.message}`;
  return `${where}${error.message}`;
}

/** What to do next after an API failure, when there is something to say. */
export function apiErrorHint(error: TriggerApiError): string | undefined {
  if (error instanceof ProjectBindingError) {
    return `Set ${error.variable} to a secret key of ${error.project} (the ${error.environment ?? "same"} environment), or correct \`project:\` in the configuration.`;
  }
  if (error instanceof CredentialError) return error.variables.length ? `Set ${error.variables.join(" or ")}.` : undefined;
  if (error instanceof HttpError && error.status === 401 && /branch/i.test(error.error ?? "")) {
    // The server's preview-branch refusals (api-behaviour.md §1.1).
    return "Check TRIGGER_PREVIEW_BRANCH: it must name an existing branch of the preview environment.";
  }
  if (error instanceof HttpError && error.status === 401) {
    return "Check TRIGGER_ACCESS_TOKEN / TRIGGER_SECRET_KEY_<ENV> and that they belong to this project.";
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return "Check the API URL (--api-url, TRIGGER_API_URL or apiUrl in the file) and your network.";
  }
  return undefined;
}

/** A missing or unreadable file the user named: their mistake, not a bug. */
function isUserFileError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && ["ENOENT", "EACCES", "EISDIR", "ENOTDIR"].includes(code);
}
