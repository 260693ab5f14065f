import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorSeed } from "../src/testing.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { declarePromotion, expectNoSecrets, failureOf, promotionProject } from "./helpers/pulumi-promotion.js";
import { refresh, up, type ResourceState } from "./helpers/pulumi-steps.js";

// DeploymentPromotion with follow and gate through the real dynamic-provider host: the followed environment is
// read whenever the inputs are checked (preview, and the update pass of an up), the gate's runs are counted when
// the update runs, and a failed gate fails the update with the CLI's evidence.
const PROJECT = "proj_pulumipromotion";
const STAGING_KEY = "tr_stg_pulumiPromotionStaging0000";
const PROD_KEY = "tr_prod_pulumiPromotionProdKey000";
const DEV_KEY = "tr_dev_pulumiPromotionDevKey00000";
const KEYS = [STAGING_KEY, PROD_KEY, DEV_KEY];
const V = ["20261118.1", "20261119.2", "20261120.3", "20261121.1"];

function seed(): EmulatorSeed {
  return {
    projects: [
      promotionProject(PROJECT, {
        dev: { apiKey: DEV_KEY, versions: V.slice(2), current: "20261121.1", runOutcomes: [{ version: "20261121.1", count: 12, within: "2h" }] },
        staging: {
          apiKey: STAGING_KEY,
          versions: V,
          current: "20261119.2",
          runOutcomes: [
            { version: "20261119.2", count: 40, within: "2h" },
            { version: "20261120.3", count: 30, failureRate: 0.1, failureStatus: "CRASHED", within: "2h" },
          ],
        },
        prod: { apiKey: PROD_KEY, versions: V.slice(0, 3), current: "20261118.1" },
      }),
    ],
  };
}

let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture(() => ({ TRIGGER_SECRET_KEY_PROD: PROD_KEY, TRIGGER_SECRET_KEY_STAGING: STAGING_KEY, TRIGGER_SECRET_KEY_DEV: DEV_KEY }), seed());
});
afterAll(async () => {
  await f?.dispose();
});

const current = (env: "prod" | "staging") => f.emulator.admin.snapshot().projects[0].environments[env]!.current;
const requests = () => f.emulator.requests.map((r) => `${r.method} ${r.path}${r.environment ? ` (${r.environment})` : ""}`);
const declare = (args: Record<string, unknown>) => declarePromotion(f, PROJECT, { follow: "staging", ...args });
const GATE = { minRuns: 20, maxFailureRate: 0.05, window: "24h" };

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
      "trigger-iac: prod.deployment: promoted 20261119.2, current in staging (was 20261118.1) (staging: 40 runs of 20261119.2 in 24h, 0 failed (0%) ≤ 5% — gate passed).",
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
    // The preview says so, with the evidence, without failing (the stack's other changes still show).
    const EVIDENCE = "staging: 30 runs of 20261120.3 in 24h, 3 failed (10%) > 5% — gate failed. Nothing will be promoted in prod.";
    expect(f.host.output.join("\n")).toContain(`trigger-iac: prod.deployment: Gate failed for 20261120.3 in prod: failure rate 10% is above maxFailureRate 5%. ${EVIDENCE} The update will fail here.`);
    expect(f.emulator.requests.filter((r) => r.path === "/api/v1/runs")).toHaveLength(2);
    f.emulator.clearRequests();
    const failure = await failureOf(f.host.update(state.urn, state.id, state.outputs, state.inputs, checked.inputs));
    expect(failure?.message).toContain(`Gate failed for 20261120.3 in prod: failure rate 10% is above maxFailureRate 5%. ${EVIDENCE}`);
    expect(current("prod")).toBe("20261119.2");
    expect(f.emulator.requests.filter((r) => r.method === "POST")).toEqual([]);
    // 3 failures on one page; 57 successes would be needed, 27 exist: one page, and the verdict is exact.
    expect(f.emulator.requests.filter((r) => r.path === "/api/v1/runs").map((r) => r.query["filter[status]"])).toEqual([
      "FAILED,CRASHED,SYSTEM_FAILURE,TIMED_OUT",
      "COMPLETED",
    ]);
    expectNoSecrets(f, KEYS, failure?.message);
  });

  it("once the gate allows it, the next up promotes the version staging moved to", async () => {
    f.host.output.length = 0;
    const updated = await up(f.host, await declare({ gate: { ...GATE, maxFailureRate: 0.1 } }), state);
    expect(updated.op).toBe("update");
    expect(f.host.output.join("\n")).toContain(
      "trigger-iac: prod.deployment: will promote 20261120.3, current in staging (was 20261119.2) (staging: 30 runs of 20261120.3 in 24h, 3 failed (10%) ≤ 10% — gate passed).",
    );
    expect(updated.state.outputs.version).toBe("20261120.3");
    expect(current("prod")).toBe("20261120.3");
    expect(f.host.output.join("\n")).toContain("staging: 30 runs of 20261120.3 in 24h, 3 failed (10%) ≤ 10% — gate passed");
    // A refresh reads prod's own version only, and the promotion keeps following.
    f.emulator.clearRequests();
    const refreshed = await refresh(f.host, updated.state);
    expect(refreshed?.outputs).toMatchObject({ version: "20261120.3", follow: "staging" });
    expect(refreshed?.inputs).toMatchObject({ follow: "staging" });
    expect(refreshed?.inputs.version).toBeUndefined();
    expect(f.emulator.requests.every((r) => r.environment === "prod")).toBe(true);
    expectNoSecrets(f, KEYS);
  });
});

describe("a follow chain through the real dynamic-provider host", () => {
  it("moves one step per up: prod promotes what staging ran at the check, even when staging moved meanwhile", async () => {
    f.emulator.admin.promote("prod", "20261119.2");
    const reg = (environment: string, follow: string) =>
      declarePromotion(f, PROJECT, { environment, follow, gate: { ...GATE, minRuns: 10, maxFailureRate: 0.1 } }, environment);
    // Both checked first (the preview / update pass), then updated: staging's update finishes before prod's starts.
    const stagingChecked = await f.host.check("urn:pulumi:dev::trigger-iac-test::d::staging", {}, (await reg("staging", "dev")).object);
    const prodChecked = await f.host.check("urn:pulumi:dev::trigger-iac-test::d::prod", {}, (await reg("prod", "staging")).object);
    expect([stagingChecked.inputs.candidate, prodChecked.inputs.candidate]).toEqual(["20261121.1", "20261120.3"]);
    await f.host.create("urn:pulumi:dev::trigger-iac-test::d::staging", stagingChecked.inputs);
    expect(current("staging")).toBe("20261121.1");
    const prod = await f.host.create("urn:pulumi:dev::trigger-iac-test::d::prod", prodChecked.inputs);
    expect(prod.outputs.version).toBe("20261120.3");
    expect(current("prod")).toBe("20261120.3");
    expectNoSecrets(f, KEYS);
  });
});
