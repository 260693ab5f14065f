import { describe, expect, it } from "vitest";
import { runInProcess, useFixtureWorkspace } from "./helpers/cli-harness.js";

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
