import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/emulator/types.js";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

// Preview branches converge and the parent is never touched (issue 8 §6): the branch lists its own variables merged
// with the preview environment's (api-behaviour.md §2.1); the plan tells them apart, never prunes an inherited one,
// and turns a differing declared value into a branch override.
const REF = "proj_branchplanxxxxxxxxxx";
const PAT = "tr_pat_branchPlan000000000000000000000000000";
const KEY = "tr_preview_branchPlan0000000001";
const PARENT = {
  SHARED: "parent",
  CHANGED: "parent-value",
  PARENT_ONLY: "p",
  PARENT_SECRET: { value: "parent-secret-value-4471", secret: true },
};
const seed: EmulatorSeed = {
  personalAccessTokens: [{ token: PAT }],
  projects: [
    {
      ref: REF,
      environments: {
        preview: { apiKey: KEY, branches: ["feature-x"], envVars: PARENT, branchEnvVars: { "feature-x": { OWN_STALE: "x" } } },
      },
    },
  ],
};
const CONFIG = `version: 1
project: ${REF}
environments:
  preview:
    prune: { envVars: true }
    envVars:
      SHARED: parent
      CHANGED: branch-value
      NEW_ONE: n
`;

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ seed, rateLimit: false });
});
afterEach(async () => {
  await emulator.close();
});

type JsonPlan = { changes: { address: string; action: string; notes?: { code: string }[] }[] };
const actions = (stdout: string) =>
  Object.fromEntries((JSON.parse(stdout) as JsonPlan).changes.map((c) => [c.address.replace("preview.envVars.", ""), [c.action, ...(c.notes ?? []).map((n) => n.code)]]));
const preview = () => emulator.admin.snapshot().projects[0]!.environments.preview!;
const parentAsSeeded = { SHARED: { value: "parent", secret: false }, CHANGED: { value: "parent-value", secret: false }, PARENT_ONLY: { value: "p", secret: false }, PARENT_SECRET: { value: "parent-secret-value-4471", secret: true } };

describe("plan and apply through a preview branch (TRIGGER_PREVIEW_BRANCH)", () => {
  it("with a PAT: inherited variables are shown as inherited and never pruned; a differing value becomes a branch override; apply then plan is clean", async () => {
    const cwd = workdir({ "trigger-iac.yaml": CONFIG });
    const env = { TRIGGER_API_URL: emulator.url, TRIGGER_ACCESS_TOKEN: PAT, TRIGGER_PREVIEW_BRANCH: "feature-x" };
    const plan = await runInProcess(["plan", "--format", "json"], { cwd, env });
    expect(plan.stderr).toBe("");
    expect(actions(plan.stdout)).toEqual({
      CHANGED: ["create", "branch-override"],
      NEW_ONE: ["create"],
      OWN_STALE: ["delete"],
      PARENT_ONLY: ["unmanaged", "inherited"],
      PARENT_SECRET: ["unmanaged", "inherited"],
      SHARED: ["noop"],
    });
    const text = await runInProcess(["plan"], { cwd, env });
    expect(text.stdout).toContain("PARENT_ONLY is inherited from the preview environment (preview branch feature-x has no value of its own): never changed or deleted through the branch.");

    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    expect(preview().envVars).toEqual(parentAsSeeded);
    expect(preview().branchEnvVars).toEqual({ "feature-x": { CHANGED: { value: "branch-value", secret: false }, NEW_ONE: { value: "n", secret: false } } });

    emulator.clearRequests();
    const again = await runInProcess(["plan", "--detailed-exitcode"], { cwd, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes. Live state matches the configuration.");
    const applyAgain = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(applyAgain.code).toBe(0);
    expect(emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
    for (const run of [plan, text, apply, again, applyAgain]) expect(run.stdout + run.stderr).not.toContain("parent-secret-value-4471");
  });

  it("with only a preview secret key: nothing is pruned (its origin cannot be read), apply converges, the parent is unchanged", async () => {
    const cwd = workdir({ "trigger-iac.yaml": CONFIG });
    const env = { TRIGGER_API_URL: emulator.url, TRIGGER_SECRET_KEY_PREVIEW: KEY, TRIGGER_PREVIEW_BRANCH: "feature-x" };
    const plan = await runInProcess(["plan", "--format", "json"], { cwd, env });
    expect(plan.stderr).toBe("");
    expect(actions(plan.stdout)).toMatchObject({
      OWN_STALE: ["unmanaged", "origin-unknown"],
      PARENT_ONLY: ["unmanaged", "origin-unknown"],
      PARENT_SECRET: ["unmanaged", "origin-unknown"],
      SHARED: ["noop"],
    });
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(0);
    expect(preview().envVars).toEqual(parentAsSeeded);
    expect(preview().branchEnvVars!["feature-x"]).toMatchObject({ OWN_STALE: { value: "x" }, CHANGED: { value: "branch-value" }, NEW_ONE: { value: "n" } });
    const again = await runInProcess(["plan", "--detailed-exitcode"], { cwd, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("set TRIGGER_ACCESS_TOKEN");
  });
});
