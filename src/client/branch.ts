import type { EnvironmentName } from "../model/environments.js";
import type { RouteAccess } from "./auth.js";
import { CredentialError, type RequestInfo } from "./errors.js";

/** The environment variable the CLI and the Pulumi providers read the preview branch from (as the SDK does, §1.5). */
export const PREVIEW_BRANCH_VARIABLE = "TRIGGER_PREVIEW_BRANCH";

const HEADS_PREFIX = "refs/heads/";

/**
 * The branch name to send as `x-trigger-branch`, as the server's `sanitizeBranchName` reads it
 * (api-behaviour.md §1.1, §1.5): a leading `refs/heads/` is stripped. Any other `refs/…` value (a tag, a pull
 * request ref) is refused with a `TypeError`, because the server silently drops it and then answers 401; an
 * empty value is refused too.
 *
 * @example
 * sanitizeBranchName("refs/heads/feature-x"); // "feature-x"
 */
export function sanitizeBranchName(value: string): string {
  const trimmed = value.trim();
  const branch = trimmed.startsWith(HEADS_PREFIX) ? trimmed.slice(HEADS_PREFIX.length) : trimmed;
  if (branch === "") throw new TypeError("The preview branch is empty: give a branch name such as feature-x.");
  if (branch.startsWith("refs/")) {
    throw new TypeError(
      `The preview branch '${branch}' is a git ref but not a branch (only refs/heads/… is accepted): give the branch name, such as feature-x.`,
    );
  }
  return branch;
}

/**
 * THE PREVIEW BRANCH GUARD. The real server refuses every request made with a preview secret key that carries no
 * `x-trigger-branch` header (401 "x-trigger-branch header required for preview env", api-behaviour.md §1.1). A
 * request that would be sent with such a key and no branch is refused here, before it (or the key lookup that
 * would precede it) is sent. Env var routes with a PAT need no branch: they act on the parent preview environment
 * (§1.2).
 */
export function assertPreviewBranch(
  env: EnvironmentName,
  access: RouteAccess,
  branch: string | undefined,
  request: RequestInfo,
): void {
  if (env !== "preview" || branch !== undefined || access === "none" || access === "pat") return;
  throw new CredentialError(
    `${request.method} ${request.path} acts on the preview environment with a preview secret key, which the API ` +
      `only accepts together with a branch (x-trigger-branch). Refusing it before sending: set ${PREVIEW_BRANCH_VARIABLE} ` +
      "to the preview branch to act on (or pass previewBranch to createTriggerClient).",
    request,
    [PREVIEW_BRANCH_VARIABLE],
  );
}
