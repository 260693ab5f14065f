import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorSeed, SeedDeployment } from "../src/testing.js";
import { captureRegistrations } from "./helpers/pulumi-capture.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { up, type ResourceState } from "./helpers/pulumi-steps.js";

// DeploymentPromotion with follow and gate through the real dynamic-provider host: the followed environment is
// read at check (preview) and at update time, and a failed gate fails the update with the CLI's evidence.
const PROJECT = "proj_pulumipromotion";
const STAGING_KEY = "tr_stg_pulumiPromotionStaging0000";
const PROD_KEY = "tr_prod_pulumiPromotionProdKey000";
const deployment = (version: string, day: number): SeedDeployment => ({ version, createdAt: `2026-11-${day}T00:00:00.000Z`, tasks: [{ id: "send-email" }] });

function seed(): EmulatorSeed {
  return {
    projects: [
      {
        ref: PROJECT,
        environments: {
          staging: {
            apiKey: STAGING_KEY,
            deployments: [deployment("20261118.1", 18), deployment("20261119.2", 19), deployment("20261120.3", 20)],
            current: "20261119.2",
            runOutcomes: [
              { version: "20261119.2", count: 40, within: "2h" },
              { version: "20261120.3", count: 30, failureRate: 0.1, failureStatus: "CRASHED", within: "2h" },
            ],
          },
          prod: {
            apiKey: PROD_KEY,
            deployments: [deployment("20261118.1", 18), deployment("20261119.2", 19), deployment("20261120.3", 20)],
            current: "20261118.1",
          },
        },
      },
    ],
  };
}

let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture(() => ({ TRIGGER_SECRET_KEY_PROD: PROD_KEY, TRIGGER_SECRET_KEY_STAGING: STAGING_KEY }), seed());
});
afterAll(async () => {
  await f?.dispose();
});

const current = (env: "prod" | "staging") => f.emulator.admin.snapshot().projects[0].environments[env]!.current;
const requests = () => f.emulator.requests.map((r) => `${r.method} ${r.path}${r.environment ? ` (${r.environment})` : ""}`);
const declare = async (args: Record<string, unknown>) =>
  (await captureRegistrations(() => new f.pulumi.DeploymentPromotion("release", { project: PROJECT, environment: "prod", follow: "staging", ...args }))).at(0)!;
const GATE = { minRuns: 20, maxFailureRate: 0.05, window: "24h" };

/** Scans everything the host returned or printed, and the errors, for the secret keys. */
function expectNoSecrets(...extra: unknown[]) {
  const text = JSON.stringify([f.host.responses, f.host.output, extra]);
  for (const key of [STAGING_KEY, PROD_KEY]) expect(text).not.toContain(key);
}

describe("DeploymentPromotion follow + gate through the real dynamic-provider host", () => {
  let state: ResourceState;

  it("create follows staging's current version, with the gate's evidence logged", async () => {
    f.emulator.clearRequests();
    const created = await up(f.host, await declare({ gate: GATE }));
    expect(created.op).toBe("create");
    expect(created.state.inputs.candidate).toBe("20261119.2");
    expect(created.state.outputs).toMatchObject({ version: "20261119.2", follow: "staging", gate: GATE });
    expect(current("prod")).toBe("20261119.2");
    expect(f.host.output.join("\n")).toContain(
      "trigger-iac: prod.deployment: promoted 20261119.2 (was 20261118.1) (staging: 40 runs of 20261119.2 in 24h, 0 failed (0%) ≤ 5% — gate passed).",
    );
    // The gate: one failures page (none), then successes until minRuns is reached (one page of 40).
    const runLists = f.emulator.requests.filter((r) => r.path === "/api/v1/runs");
    expect(runLists.map((r) => [r.environment, r.query["filter[status]"], r.query["filter[version]"]])).toEqual([
      ["staging", "FAILED,CRASHED,SYSTEM_FAILURE,TIMED_OUT", "20261119.2"],
      ["staging", "COMPLETED", "20261119.2"],
    ]);
    state = created.state;
  });

  it("an up with staging unchanged is a no-op that reads only staging's current version", async () => {
    f.emulator.clearRequests();
    const same = await up(f.host, await declare({ gate: GATE }), state);
    expect(same.op).toBe("same");
    // check: the staging key proved against the project (env var list), then staging's current deployment.
    expect(requests()).toEqual(["GET /api/v1/projects/proj_pulumipromotion/envvars/stg (staging)", "GET /api/v1/deployments/current (staging)"]);
    state = same.state;
  });

  it("a failed gate after staging moved fails the update with the evidence, and promotes nothing", async () => {
    f.emulator.admin.promote("staging", "20261120.3");
    f.emulator.clearRequests();
    const reg = await declare({ gate: GATE });
    const checked = await f.host.check(state.urn, state.inputs, reg.object);
    expect(checked.inputs.candidate).toBe("20261120.3");
    const diff = await f.host.diff(state.urn, state.id, state.inputs, state.outputs, checked.inputs);
    expect(diff.changes).toBe("DIFF_SOME");
    const failure = await f.host.update(state.urn, state.id, state.outputs, state.inputs, checked.inputs).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toContain(
      "Gate failed for 20261120.3 in prod: failure rate 10% is above maxFailureRate 5%. " +
        "staging: 30 runs of 20261120.3 in 24h, 3 failed (10%) > 5% — gate failed. Nothing will be promoted in prod.",
    );
    expect(current("prod")).toBe("20261119.2");
    expect(f.emulator.requests.filter((r) => r.method === "POST")).toEqual([]);
    // 3 failures on one page; 57 successes would be needed, 27 exist: one page, and the verdict is exact.
    expect(f.emulator.requests.filter((r) => r.path === "/api/v1/runs").map((r) => r.query["filter[status]"])).toEqual([
      "FAILED,CRASHED,SYSTEM_FAILURE,TIMED_OUT",
      "COMPLETED",
    ]);
    expectNoSecrets(failure?.message);
  });

  it("once the gate allows it, the next up promotes the version staging moved to", async () => {
    const updated = await up(f.host, await declare({ gate: { ...GATE, maxFailureRate: 0.1 } }), state);
    expect(updated.op).toBe("update");
    expect(updated.state.outputs.version).toBe("20261120.3");
    expect(current("prod")).toBe("20261120.3");
    expect(f.host.output.join("\n")).toContain("staging: 30 runs of 20261120.3 in 24h, 3 failed (10%) ≤ 10% — gate passed");
    expectNoSecrets();
  });
});
