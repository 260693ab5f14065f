/**
 * Pulumi `Project({ environments })` needs only those environments' `fromEnv` values (issue 8 §4): a stack holds
 * one environment's secrets at a time. Runtime mocks (the program side); the host tests cover provider behaviour.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { captureRegistrations } from "./helpers/pulumi-capture.js";
import { importBuiltPulumi } from "./helpers/pulumi-project.js";
import { workdir } from "./helpers/cli-harness.js";

let pulumiMod: Awaited<ReturnType<typeof importBuiltPulumi>>;
beforeAll(async () => {
  pulumiMod = await importBuiltPulumi();
});
afterEach(() => {
  delete process.env.ISOLATION_STAGING_TOKEN;
});

const CONFIG = `version: 1
project: proj_isolationxxxxxxxxxxx
environments:
  staging:
    envVars:
      TOKEN: { fromEnv: ISOLATION_STAGING_TOKEN, secret: true }
  prod:
    envVars:
      TOKEN: { fromEnv: ISOLATION_PROD_TOKEN, secret: true }
`;

async function run(args: { environments?: ("staging" | "prod")[] }): Promise<{ names: string[]; error?: Error }> {
  const cwd = workdir({ "trigger-iac.yaml": CONFIG });
  let error: Error | undefined;
  const regs = await captureRegistrations(async () => {
    try {
      await new pulumiMod.Project("app", { cwd, ...args }).resources;
    } catch (e) {
      error = e as Error;
    }
  });
  return { names: regs.filter((r) => r.custom).map((r) => r.name), error };
}

describe("Project({ environments })", () => {
  it("declares staging with only staging's secret in the environment", async () => {
    process.env.ISOLATION_STAGING_TOKEN = "staging-token-value-5521";
    const { names, error } = await run({ environments: ["staging"] });
    expect(error).toBeUndefined();
    expect(names).toEqual(["app.staging.envVars.TOKEN"]);
  });

  it("still stops the program when a declared environment's value is missing", async () => {
    process.env.ISOLATION_STAGING_TOKEN = "staging-token-value-5521";
    const all = await run({});
    expect(all.error?.message).toMatch(/trigger-iac\.yaml:\d+:\d+: error: environment variable ISOLATION_PROD_TOKEN is not set/);
    const prod = await run({ environments: ["prod"] });
    expect(prod.error?.message).toContain("ISOLATION_PROD_TOKEN is not set");
    expect(prod.error?.message).not.toContain("ISOLATION_STAGING_TOKEN");
  });
});
