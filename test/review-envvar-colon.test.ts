import { describe, expect, it } from "vitest";
import { emulatorEnv, FIXTURE_PROJECT, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// Review: a variable name with ':' is stored but listed truncated ('A:B' as 'A', api-behaviour.md §2.2), so a
// plan never converged: every apply wrote it again and 'A' showed up unmanaged.
const fixture = useFixtureWorkspace();

describe("an env var name containing ':'", () => {
  it("is a config error at file:line:col; apply sends nothing", async () => {
    const cwd = workdir({
      "trigger-iac.yaml": `version: 1\nproject: ${FIXTURE_PROJECT}\nenvironments:\n  prod:\n    envVars:\n      "FEATURE:CHECKOUT": on\n`,
    });
    const env = emulatorEnv(fixture.emulator);
    const validate = await runInProcess(["validate"], { cwd, env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain("trigger-iac.yaml:6:7: error: variable name 'FEATURE:CHECKOUT' contains ':': the server lists it as 'FEATURE'");
    fixture.emulator.clearRequests();
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(1);
    expect(fixture.emulator.requests).toHaveLength(0);
  });

  it("other unusual names stay a warning (they round-trip)", async () => {
    const cwd = workdir({
      "trigger-iac.yaml": `version: 1\nproject: ${FIXTURE_PROJECT}\nenvironments:\n  prod:\n    envVars:\n      "my-var": x\n`,
    });
    const env = emulatorEnv(fixture.emulator);
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(0);
    expect(apply.stderr).toContain("warning: variable name 'my-var'");
    const plan = await runInProcess(["plan", "--detailed-exitcode"], { cwd, env });
    expect(plan.code).toBe(0);
  });
});
