import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KINDS_CONFIG, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// A reviewed saved plan is the approval (issue 8 §5): `apply --plan FILE` needs no terminal and no --auto-approve,
// and the staleness checks still refuse a plan that no longer matches.
const fixture = useFixtureWorkspace();
const writes = () => fixture.emulator.requests.filter((r) => r.method !== "GET");

describe("apply --plan without a terminal", () => {
  it("refuses a stale saved plan without --auto-approve too, changing nothing", async () => {
    const saved = await runInProcess(["plan", "--out", "stale.json"], { cwd: fixture.cwd, env: fixture.env });
    expect(saved.code).toBe(0);
    fixture.emulator.admin.setEnvVar("prod", "SAME", "changed-by-hand");
    fixture.emulator.clearRequests();
    const run = await runInProcess(["apply", "--plan", "stale.json"], { cwd: fixture.cwd, env: fixture.env, isTTY: false });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("stale.json is stale: nothing was changed");
    expect(writes()).toHaveLength(0);
    fixture.emulator.admin.setEnvVar("prod", "SAME", "same");
  });

  it("applies a fresh saved plan without --auto-approve and without asking, then plans clean", async () => {
    const saved = await runInProcess(["plan", "--out", "reviewed.json"], { cwd: fixture.cwd, env: fixture.env });
    expect(saved.code).toBe(0);
    fixture.emulator.clearRequests();
    const run = await runInProcess(["apply", "--plan", "reviewed.json"], { cwd: fixture.cwd, env: fixture.env, isTTY: false });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Applying the saved plan reviewed.json (still matches live state).");
    expect(run.stdout).not.toContain("Apply these changes?");
    expect(run.stdout).toContain("Apply complete.");
    expect(writes().length).toBeGreaterThan(0);
    const again = await runInProcess(["plan", "--detailed-exitcode"], { cwd: fixture.cwd, env: fixture.env });
    expect(again.code).toBe(0);
  });
});

// `apply --plan` must apply exactly the reviewed plan. The plan masks env var values, so a value
// edited in the file after the plan was made used to be written without notice.
describe("apply --plan after the configuration changed", () => {
  const fixture = useFixtureWorkspace();

  const state = () => JSON.stringify(fixture.emulator.admin.snapshot());

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
