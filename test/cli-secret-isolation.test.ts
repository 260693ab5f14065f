import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { emulatorEnv, runInProcess, workdir, type CliRun } from "./helpers/cli-harness.js";

// Secret isolation per environment (issue 8 §4): CI jobs hold one environment's secrets at a time. validate needs
// no secret value; plan/apply --env X need only X's.
let emulator: Emulator;
let cwd: string;
const STAGING_SECRET = "staging-webhook-value-8812";
beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false });
  cwd = workdir({
    "trigger-iac.yaml": `version: 1
project: ${emulator.credentials.projectRef}
environments:
  staging:
    envVars:
      WEBHOOK: { fromEnv: STAGING_WEBHOOK, secret: true }
  prod:
    envVars:
      WEBHOOK: { fromEnv: PROD_WEBHOOK, secret: true }
`,
  });
});
afterAll(async () => {
  await emulator?.close();
});

/** Only staging's secret is in this job's environment. */
const stagingJob = () => emulatorEnv(emulator, { STAGING_WEBHOOK: STAGING_SECRET });
const output = (run: CliRun) => run.stdout + run.stderr;

describe("fromEnv values are needed only where the command acts", () => {
  it("validate needs no secret value: a missing one is a warning, exit 0", async () => {
    const run = await runInProcess(["validate"], { cwd, env: { PATH: process.env.PATH } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/trigger-iac\.yaml:\d+:\d+: warning: environment variable STAGING_WEBHOOK is not set \(needed for WEBHOOK by plan and apply for staging\)/);
    expect(run.stderr).toContain("PROD_WEBHOOK is not set");
    expect(run.stdout).toContain("Valid");
  });

  it("plan and apply --env staging need only staging's values, and change nothing in prod", async () => {
    emulator.clearRequests();
    const plan = await runInProcess(["plan", "--env", "staging", "--detailed-exitcode"], { cwd, env: stagingJob() });
    expect(output(plan)).not.toContain("PROD_WEBHOOK");
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain("staging.envVars.WEBHOOK");

    const apply = await runInProcess(["apply", "--env", "staging", "--auto-approve"], { cwd, env: stagingJob() });
    expect(apply.code).toBe(0);
    const envs = emulator.admin.snapshot().projects[0]!.environments;
    expect(envs.staging!.envVars!.WEBHOOK).toEqual({ value: STAGING_SECRET, secret: true });
    expect(envs.prod!.envVars).not.toHaveProperty("WEBHOOK");
    expect(emulator.requests.every((r) => r.environment === "staging")).toBe(true);
    for (const run of [plan, apply]) expect(output(run)).not.toContain(STAGING_SECRET);
  });

  it("an environment whose value is missing still refuses, naming the variable, before any request", async () => {
    emulator.clearRequests();
    for (const argv of [["plan", "--env", "prod"], ["plan"], ["apply", "--env", "prod", "--auto-approve"]]) {
      const run = await runInProcess(argv, { cwd, env: stagingJob() });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/error: environment variable PROD_WEBHOOK is not set \(needed for WEBHOOK\)/);
    }
    expect(emulator.requests).toHaveLength(0);
  });
});
