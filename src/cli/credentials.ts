import type { EnvironmentName } from "../model/environments.js";
import { environmentOfSecretKey, SECRET_KEY_PREFIX } from "../model/environments.js";
import { PREVIEW_BRANCH_VARIABLE, sanitizeBranchName } from "../client/branch.js";
import { CliError } from "./errors.js";

/** The default API base URL (Trigger.dev cloud). */
export const DEFAULT_API_URL = "https://api.trigger.dev";

/** How the CLI authenticates for one environment. */
export type EnvironmentCredential =
  | { kind: "secretKey"; key: string; /** The variable it came from, for messages. */ source: string }
  | { kind: "accessToken"; token: string; source: "TRIGGER_ACCESS_TOKEN" };

/** Per-environment secret-key variable names. */
export const SECRET_KEY_VARIABLE: Readonly<Record<EnvironmentName, string>> = {
  dev: "TRIGGER_SECRET_KEY_DEV",
  staging: "TRIGGER_SECRET_KEY_STAGING",
  prod: "TRIGGER_SECRET_KEY_PROD",
  preview: "TRIGGER_SECRET_KEY_PREVIEW",
};

const nonEmpty = (value: string | undefined) => (value !== undefined && value.trim() !== "" ? value.trim() : undefined);

/**
 * Picks the credential for each environment the command acts on, from the process environment only
 * (product.md "Credentials"): the environment's own key first, then `TRIGGER_SECRET_KEY` when exactly one
 * environment is in play, then a personal access token. A key whose prefix does not name the environment
 * is refused here, before any request: the real server silently acts on the key's own environment
 * (api-behaviour.md §1.3).
 */
export function resolveCredentials(
  env: Record<string, string | undefined>,
  environments: readonly EnvironmentName[],
): Record<EnvironmentName, EnvironmentCredential> {
  const token = nonEmpty(env.TRIGGER_ACCESS_TOKEN);
  if (token !== undefined && environmentOfSecretKey(token) !== undefined) {
    throw new CliError("TRIGGER_ACCESS_TOKEN holds an environment secret key, not a personal access token.", {
      hint: `Put secret keys in ${Object.values(SECRET_KEY_VARIABLE).join(", ")}; TRIGGER_ACCESS_TOKEN takes a tr_pat_… token.`,
    });
  }
  const single = nonEmpty(env.TRIGGER_SECRET_KEY);
  const result = {} as Record<EnvironmentName, EnvironmentCredential>;
  const missing: EnvironmentName[] = [];
  for (const name of environments) {
    const variable = SECRET_KEY_VARIABLE[name];
    const own = nonEmpty(env[variable]);
    if (own !== undefined) {
      result[name] = { kind: "secretKey", key: checkPrefix(own, name, variable), source: variable };
    } else if (single !== undefined && environments.length === 1) {
      result[name] = { kind: "secretKey", key: checkPrefix(single, name, "TRIGGER_SECRET_KEY"), source: "TRIGGER_SECRET_KEY" };
    } else if (token !== undefined) {
      result[name] = { kind: "accessToken", token, source: "TRIGGER_ACCESS_TOKEN" };
    } else {
      missing.push(name);
    }
  }
  if (missing.length > 0) {
    const singleNote =
      single !== undefined && environments.length > 1
        ? " TRIGGER_SECRET_KEY is only used when one environment is in play; this command acts on " +
          `${environments.join(", ")}.`
        : "";
    throw new CliError(`No credentials for ${missing.map((m) => `'${m}'`).join(", ")}.${singleNote}`, {
      hint:
        `Set TRIGGER_ACCESS_TOKEN (a personal access token, tr_pat_…) or ` +
        `${missing.map((m) => SECRET_KEY_VARIABLE[m]).join(", ")} (the environment's secret key).`,
    });
  }
  return result;
}

function checkPrefix(key: string, name: EnvironmentName, variable: string): string {
  const expected = SECRET_KEY_PREFIX[name];
  if (key.startsWith(expected)) return key;
  const actual = environmentOfSecretKey(key);
  // Never echo the key itself: name the variable and the prefixes only.
  const what = actual ? `a key for '${actual}' (${SECRET_KEY_PREFIX[actual]}…)` : "a value that is not an environment secret key";
  throw new CliError(`${variable} holds ${what}, but it would act on '${name}', which needs a ${expected}… key.`, {
    hint: "The server silently applies a mismatched key to the key's own environment, so trigger-iac refuses it.",
  });
}

/**
 * The preview branch from `TRIGGER_PREVIEW_BRANCH` (the variable the Trigger.dev SDK reads too, §1.5), sanitised
 * (`refs/heads/` stripped), or undefined when unset or empty. The real server refuses a preview secret key
 * without a branch (api-behaviour.md §1.1); the client refuses such requests before sending when this is unset.
 * A ref that is not a branch (`refs/tags/…`) is a {@link CliError}.
 */
export function resolvePreviewBranch(env: Record<string, string | undefined>): string | undefined {
  const value = nonEmpty(env[PREVIEW_BRANCH_VARIABLE]);
  if (value === undefined) return undefined;
  try {
    return sanitizeBranchName(value);
  } catch (error) {
    throw new CliError(`${PREVIEW_BRANCH_VARIABLE}: ${(error as Error).message}`, {
      hint: `Set ${PREVIEW_BRANCH_VARIABLE} to the preview branch name, e.g. feature-x or refs/heads/feature-x.`,
    });
  }
}

/** Every credential value in the environment, so the redactor can keep them out of any output. */
export function credentialValues(env: Record<string, string | undefined>): string[] {
  return ["TRIGGER_ACCESS_TOKEN", "TRIGGER_SECRET_KEY", ...Object.values(SECRET_KEY_VARIABLE)]
    .map((name) => nonEmpty(env[name]))
    .filter((v): v is string => v !== undefined);
}

/** The API base URL: `--api-url`, then `TRIGGER_API_URL`, then the file's `apiUrl`, then Trigger.dev cloud. */
export function resolveApiUrl(flag: string | undefined, env: Record<string, string | undefined>, fromFile?: string): string {
  const url = nonEmpty(flag) ?? nonEmpty(env.TRIGGER_API_URL) ?? nonEmpty(fromFile) ?? DEFAULT_API_URL;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("protocol");
  } catch {
    throw new CliError(`The API URL '${url}' is not an http(s) URL.`, { hint: "Check --api-url, TRIGGER_API_URL or apiUrl in the file." });
  }
  return url.replace(/\/+$/, "");
}
