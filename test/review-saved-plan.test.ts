import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KINDS_CONFIG, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// Review: `apply --plan` must apply exactly the reviewed plan. The plan masks env var values, so a value
// edited in the file after the plan was made used to be written without notice.
const fixture = useFixtureWorkspace();

const state = () => JSON.stringify(fixture.emulator.admin.snapshot());

describe("apply --plan after the configuration changed", () => {
  it("refuses a saved plan whose masked env var value was edited in the file since, changing nothing", async () => {
    const saved = await runInProcess(["plan", "--out", "reviewed.json"], { cwd: fixture.cwd, env: fixture.env });
    expect(saved.code).toBe(0);
    // The reviewed plan says "prod.envVars.LOG_LEVEL (update): (value changed)" to "warn"; the file now says "error".
    writeFileSync(join(fixture.cwd, "edited.yaml"), KINDS_CONFIG.replace("LOG_LEVEL: warn", "LOG_LEVEL: error"));
    const before = state();
    const run = await runInProcess(["apply", "-f", "edited.yaml", "--plan", "reviewed.json", "--auto-approve"], { cwd: fixture.cwd, env: fixture.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("reviewed.json is stale: nothing was changed");
    expect(run.stderr).toContain("The configuration changed since the plan was made");
    expect(run.stderr).not.toContain("Error: Error");
    expect(state()).toBe(before);
  });

  it("still applies the saved plan when the file was only reordered or moved (no stale refusal)", async () => {
    const reordered = KINDS_CONFIG.replace(
      "      LOG_LEVEL: warn\n      NEW_VAR: hello\n      SAME: same\n",
      "      SAME: same\n      NEW_VAR: hello\n      LOG_LEVEL: warn\n",
    ).replace("        send-email: { concurrencyLimit: 20 }\n        resize: { concurrencyLimit: null }\n", "        resize: { concurrencyLimit: null }\n        send-email: { concurrencyLimit: 20 }\n");
    expect(reordered).not.toBe(KINDS_CONFIG);
    writeFileSync(join(fixture.cwd, "reordered.yaml"), `# moved down a line\n${reordered}`);
    const run = await runInProcess(["apply", "-f", "reordered.yaml", "--plan", "reviewed.json", "--auto-approve"], { cwd: fixture.cwd, env: fixture.env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("prod.envVars.LOG_LEVEL: updated");
    const again = await runInProcess(["plan", "--detailed-exitcode"], { cwd: fixture.cwd, env: fixture.env });
    expect(again.code).toBe(0);
  });

  it("puts no secret value into the fingerprint: the saved plan is the same whatever the secret is", async () => {
    const config = KINDS_CONFIG.replace("      SAME: same\n", "      SAME: same\n      TOKEN: { fromEnv: REVIEW_TOKEN, secret: true }\n");
    expect(config).toContain("REVIEW_TOKEN");
    const dir = workdir({ "trigger-iac.yaml": config });
    const a = await runInProcess(["plan", "--format", "json"], { cwd: dir, env: { ...fixture.env, REVIEW_TOKEN: "secret-one-1234" } });
    const b = await runInProcess(["plan", "--format", "json"], { cwd: dir, env: { ...fixture.env, REVIEW_TOKEN: "secret-two-5678" } });
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).desiredFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(a.stdout).desiredFingerprint).toBe(JSON.parse(b.stdout).desiredFingerprint);
    expect(a.stdout).not.toContain("secret-one");
  });
});
