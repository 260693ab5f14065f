import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { emulatorEnv, FIXTURE_PROJECT, kindsSeed, runInProcess, workdir } from "./cli-harness.js";

// Review: deduplicationKeys are unique per project and a create with a key used in another environment moves
// that schedule (api-behaviour.md §0 item 5). A key marked for another environment must never be sent.
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: kindsSeed() });
});
afterAll(async () => {
  await emulator?.close();
});

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
    const env = emulatorEnv(emulator);
    const validate = await runInProcess(["validate"], { cwd, env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(/trigger-iac\.yaml:9:27: error: deduplicationKey 'iac:prod:nightly' is marked for another environment.*\[dedup-other-env\]/);
    emulator.clearRequests();
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).not.toMatch(/\n\s+at /);
    expect(emulator.requests).toHaveLength(0);
    const prod = emulator.admin.snapshot().projects[0]?.environments.prod;
    expect(JSON.stringify(prod)).toContain("iac:prod:nightly");
  });

  it("is accepted when it names its own environment", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("iac:staging:nightly-custom") });
    const run = await runInProcess(["validate"], { cwd, env: emulatorEnv(emulator) });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
