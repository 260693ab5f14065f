import * as credentials from "../client/credentials.js";
import type { EnvironmentCredential } from "../client/credentials.js";
import type { EnvironmentName } from "../model/environments.js";
import { CliError } from "./errors.js";

export { credentialValues, SECRET_KEY_VARIABLE, type EnvironmentCredential } from "../client/credentials.js";

/**
 * The CLI's side of the credentials module (client/credentials.ts): the same resolution, with its refusals
 * ({@link credentials.CredentialSetupError}) as {@link CliError}s, message and hint unchanged, exit code 1.
 */
function asCliError<T>(resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof credentials.CredentialSetupError) throw new CliError(error.message, { hint: error.hint });
    throw error;
  }
}

/** {@link credentials.resolveCredentials}, refusing with a {@link CliError}. */
export function resolveCredentials(
  env: Record<string, string | undefined>,
  environments: readonly EnvironmentName[],
): Record<EnvironmentName, EnvironmentCredential> {
  return asCliError(() => credentials.resolveCredentials(env, environments));
}

/** {@link credentials.resolvePreviewBranch}, refusing with a {@link CliError}. */
export function resolvePreviewBranch(env: Record<string, string | undefined>): string | undefined {
  return asCliError(() => credentials.resolvePreviewBranch(env));
}

/** `--api-url`, then {@link credentials.resolveApiUrl}'s order, refusing with a {@link CliError}. */
export function resolveApiUrl(flag: string | undefined, env: Record<string, string | undefined>, fromFile?: string): string {
  return asCliError(() => credentials.resolveApiUrl(flag, env, fromFile));
}
