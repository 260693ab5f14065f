import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import { emulatorEnv, FIXTURE_PROJECT, kindsSeed, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// Review: deduplicationKeys are unique per project and a create with a key used in another environment moves
// that schedule (api-behaviour.md §0 item 5). A key marked for another environment must never be sent.
const fixture = useFixtureWorkspace();

const config = (key: string) => `version: 1
project: ${FIXTURE_PROJECT}
environments:
  staging:
    schedules:
      nightly:
        task: cleanup
        cron: "0 3 * * *"
        deduplicationKey: "${key}"
`;

describe("a deduplicationKey marked for another environment", () => {
  it("is a config error at file:line:col, and apply sends nothing (prod's schedule stays in prod)", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("iac:prod:nightly") });
    const env = emulatorEnv(fixture.emulator);
    const validate = await runInProcess(["validate"], { cwd, env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(/trigger-iac\.yaml:9:27: error: deduplicationKey 'iac:prod:nightly' is marked for another environment.*\[dedup-other-env\]/);
    fixture.emulator.clearRequests();
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).not.toMatch(/\n\s+at /);
    expect(fixture.emulator.requests).toHaveLength(0);
    const prod = fixture.emulator.admin.snapshot().projects[0]?.environments.prod;
    expect(JSON.stringify(prod)).toContain("iac:prod:nightly");
  });

  it("is accepted when it names its own environment", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("iac:staging:nightly-custom") });
    const run = await runInProcess(["validate"], { cwd, env: emulatorEnv(fixture.emulator) });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});

describe("import of a schedule whose deduplicationKey is marked for another environment", () => {
  it("leaves it out with a reason, so the imported file validates and plans clean", async () => {
    const seed = kindsSeed();
    const staging = seed.projects[0]!.environments.staging!;
    staging.schedules = [
      { task: "cleanup", cron: "0 4 * * *", deduplicationKey: "iac:prod:moved" },
      { task: "cleanup", cron: "0 5 * * *", deduplicationKey: "iac:staging:own" },
    ];
    const emu = await startEmulator({ seed });
    try {
      const cwd = workdir();
      const env = emulatorEnv(emu);
      const imported = await runInProcess(["import", "--project", FIXTURE_PROJECT, "--env", "staging", "-o", "imported.yaml"], { cwd, env });
      expect(imported.code).toBe(0);
      expect(imported.stderr + imported.stdout).toContain('deduplicationKey "iac:prod:moved")');
      expect(imported.stderr + imported.stdout).toContain("marked for another environment");
      const plan = await runInProcess(["plan", "-f", "imported.yaml", "--detailed-exitcode"], { cwd, env });
      expect(plan.stderr).toBe("");
      expect(plan.code).toBe(0);
      expect(plan.stdout).toContain("No changes. Live state matches the configuration.");
    } finally {
      await emu.close();
    }
  });
});

describe("a deduplicationKey without the iac: mark", () => {
  it("warns that a schedule with the same key in another environment would be moved", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("nightly-by-hand") });
    const run = await runInProcess(["validate"], { cwd, env: emulatorEnv(fixture.emulator) });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("trigger-iac.yaml:9:27: warning: deduplicationKey without the 'iac:' prefix");
    expect(run.stderr).toContain("a schedule with this key in another environment would be moved here [dedup-unmanaged]");
  });
});
