import { describe, expect, it } from "vitest";
import {
  CredentialSetupError,
  credentialValues,
  resolveApiUrl,
  resolveCredentials,
  resolvePreviewBranch,
  secretKeyMismatch,
  toClientCredentials,
} from "../src/client/credentials.js";
import { assertKeyMatchesEnvironment } from "../src/client/index.js";
import { CliError } from "../src/cli/errors.js";
import { resolveCredentials as cliResolveCredentials } from "../src/cli/credentials.js";

/** What `run` throws. */
function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

// The one credentials module both edges use (issue 14 item 3): it throws library errors, never the CLI's.
describe("credentials module", () => {
  const PROD = "tr_prod_0123456789abcdef0123";
  const STG = "tr_stg_0123456789abcdef0123";

  it("resolves each environment's own key, then TRIGGER_SECRET_KEY for one environment, then the token", () => {
    const env = { TRIGGER_SECRET_KEY_PROD: PROD, TRIGGER_ACCESS_TOKEN: "tr_pat_abc" };
    const resolved = resolveCredentials(env, ["prod", "staging"]);
    expect(resolved).toEqual({
      prod: { kind: "secretKey", key: PROD, source: "TRIGGER_SECRET_KEY_PROD" },
      staging: { kind: "accessToken", token: "tr_pat_abc", source: "TRIGGER_ACCESS_TOKEN" },
    });
    expect(toClientCredentials(resolved)).toEqual({ accessToken: "tr_pat_abc", secretKeys: { prod: PROD } });
    expect(resolveCredentials({ TRIGGER_SECRET_KEY: STG }, ["staging"]).staging).toEqual({ kind: "secretKey", key: STG, source: "TRIGGER_SECRET_KEY" });
    expect(credentialValues(env).sort()).toEqual([PROD, "tr_pat_abc"].sort());
  });

  it("refuses with a CredentialSetupError (message and hint, never the key), which the CLI turns into the same CliError", () => {
    const env = { TRIGGER_SECRET_KEY_PROD: STG };
    const library = caught(() => resolveCredentials(env, ["prod"]));
    expect(library).toBeInstanceOf(CredentialSetupError);
    expect(library).not.toBeInstanceOf(CliError);
    expect((library as Error).message).toBe("TRIGGER_SECRET_KEY_PROD holds a key for 'staging' (tr_stg_…), but it would act on 'prod', which needs a tr_prod_… key.");
    expect((library as CredentialSetupError).hint).toContain("silently applies a mismatched key");
    expect((library as Error).message + (library as CredentialSetupError).hint).not.toContain(STG);

    const cli = caught(() => cliResolveCredentials(env, ["prod"]));
    expect(cli).toBeInstanceOf(CliError);
    expect((cli as CliError).message).toBe((library as Error).message);
    expect((cli as CliError).hint).toBe((library as CredentialSetupError).hint);
    expect((cli as CliError).exitCode).toBe(1);
  });

  it("refuses missing credentials, a bad URL and a ref that is not a branch with library errors", () => {
    expect(() => resolveCredentials({}, ["dev"])).toThrow(CredentialSetupError);
    expect(() => resolveApiUrl(undefined, { TRIGGER_API_URL: "ftp://x" })).toThrow(CredentialSetupError);
    expect(() => resolvePreviewBranch({ TRIGGER_PREVIEW_BRANCH: "refs/tags/v1" })).toThrow(CredentialSetupError);
    expect(resolveApiUrl(undefined, {})).toBe("https://api.trigger.dev");
  });

  it("names the environments without a credential on the error, and only on that refusal", () => {
    const missing = caught(() => resolveCredentials({ TRIGGER_SECRET_KEY_PROD: PROD }, ["prod", "staging", "dev"]));
    expect((missing as CredentialSetupError).missing).toEqual(["staging", "dev"]);
    const mismatch = caught(() => resolveCredentials({ TRIGGER_SECRET_KEY_PROD: STG }, ["prod"]));
    expect(mismatch).toBeInstanceOf(CredentialSetupError);
    expect((mismatch as CredentialSetupError).missing).toBeUndefined();
  });

  it("has one prefix guard: the resolution and the client's request-time check agree", () => {
    expect(secretKeyMismatch(PROD, "prod")).toBeUndefined();
    expect(secretKeyMismatch(STG, "prod")).toEqual({ actual: "staging" });
    expect(secretKeyMismatch("tr_pat_x", "prod")).toEqual({ actual: undefined });
    const request = { method: "GET", path: "/api/v1/schedules" };
    expect(() => assertKeyMatchesEnvironment(PROD, "prod", request)).not.toThrow();
    expect(() => assertKeyMatchesEnvironment(STG, "prod", request)).toThrow(/is a staging key \(tr_stg_…\)/);
  });
});
