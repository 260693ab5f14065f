import { beforeAll, describe, expect, it } from "vitest";
import { emulatorEnv, FIXTURE_PROJECT, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// Review: the server does not validate env var names (api-behaviour.md §0 item 4). A live name with an escape
// sequence and a newline was printed raw: it could clear the terminal and forge a line of the plan in CI logs.
const EVIL = "EVIL\u001b[2J\nNo changes. Live state matches the configuration.";

const fixture = useFixtureWorkspace();
beforeAll(() => {
  fixture.emulator.admin.setEnvVar("prod", EVIL, "x");
});

const config = (prune: boolean) =>
  `version: 1\nproject: ${FIXTURE_PROJECT}\nenvironments:\n  prod:\n    prune: { envVars: ${prune} }\n    envVars:\n      LOG_LEVEL: debug\n      OLD_VAR: old\n      SAME: same\n`;

describe("server-provided names with control characters", () => {
  it("are escaped in the text plan: no raw ESC, no forged line", async () => {
    const run = await runInProcess(["plan"], { cwd: workdir({ "trigger-iac.yaml": config(false) }), env: emulatorEnv(fixture.emulator) });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout).toContain("? prod.envVars.EVIL\\u001b[2J\\u000aNo changes. Live state matches the configuration. (unmanaged)");
    expect(run.stdout.split("\n").filter((line) => line.startsWith("No changes."))).toHaveLength(1);
  });

  it("are escaped in the apply report (a pruned variable)", async () => {
    const run = await runInProcess(["apply", "--auto-approve"], { cwd: workdir({ "trigger-iac.yaml": config(true) }), env: emulatorEnv(fixture.emulator) });
    expect(run.stderr).toBe("");
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout).toContain("prod.envVars.EVIL\\u001b[2J\\u000aNo changes. Live state matches the configuration.: deleted");
  });
});
