import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmulatorSeed } from "../src/testing.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { declarePromotion, expectNoSecrets, failureOf, promotionProject } from "./helpers/pulumi-promotion.js";
import { up } from "./helpers/pulumi-steps.js";

// DeploymentPromotion with verify through the real dynamic-provider host: after promoting, the new version's runs
// in prod are watched for `for` (2s: two polls a second apart, as in test/promotion-apply.test.ts); runs are added
// while the watch is open (admin.addRuns), as the run engine would. A breach with rollback promotes the previous
// version again and fails the create/update with what happened.
const PROJECT = "proj_pulumiverify";
const STAGING_KEY = "tr_stg_pulumiVerifyStagingKey0000";
const PROD_KEY = "tr_prod_pulumiVerifyProdKey000000";
const KEYS = [STAGING_KEY, PROD_KEY];
const V = ["20261118.1", "20261119.2"];

function seed(): EmulatorSeed {
  return {
    projects: [
      promotionProject(PROJECT, {
        staging: { apiKey: STAGING_KEY, versions: V, current: "20261119.2", runOutcomes: [{ version: "20261119.2", count: 40, within: "2h" }] },
        prod: { apiKey: PROD_KEY, versions: V, current: "20261118.1" },
      }),
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
beforeEach(() => {
  f.emulator.admin.promote("prod", "20261118.1");
  f.emulator.clearRequests();
  f.host.output.length = 0;
});

const current = () => f.emulator.admin.snapshot().projects[0].environments.prod!.current;
const promotions = () => f.emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/promote")).map((r) => [r.path, r.query.allowRollbacks ?? null]);
const log = () => f.host.output.join("\n");
const declare = (args: Record<string, unknown>) => declarePromotion(f, PROJECT, args);
const followed = (rollback: boolean) => ({
  follow: "staging",
  gate: { minRuns: 20, maxFailureRate: 0.05, window: "24h" },
  verify: { for: "2s", minRuns: 3, maxFailureRate: 0.2, rollback },
});

/** Runs `action` once the host has logged `text` (the watch started), while the provider call goes on. */
async function onceLogged(text: string, action: () => void): Promise<void> {
  for (let i = 0; i < 500 && !log().includes(text); i++) await new Promise((r) => setTimeout(r, 10));
  expect(log()).toContain(text);
  action();
}

describe("DeploymentPromotion verify through the real dynamic-provider host", () => {
  it("succeeds when the new version stays healthy, logging the interval and a line per poll", async () => {
    const [created] = await Promise.all([
      up(f.host, await declare(followed(true))),
      onceLogged("Verifying prod", () => f.emulator.admin.addRuns("prod", { version: "20261119.2", count: 4 })),
    ]);
    expect(created.op).toBe("create");
    expect(created.state.outputs.version).toBe("20261119.2");
    expect(current()).toBe("20261119.2");
    expect(log()).toContain("trigger-iac: Verifying prod 20261119.2 for 2s: polling runs every 1s (2 polls; minRuns 3, maxFailureRate 20%).");
    expect(log()).toContain("trigger-iac: prod: poll 1/2 after");
    expect(log()).toContain("trigger-iac: prod: poll 2/2 after");
    expect(log()).toContain("trigger-iac: prod: verify passed for 20261119.2 (4 runs, 0 failed (0%)).");
    expect(promotions()).toEqual([["/api/v1/deployments/20261119.2/promote", null]]);
    // Each poll: one failures page and one successes page, of the new version created since the promotion.
    const polls = f.emulator.requests.filter((r) => r.path === "/api/v1/runs" && r.environment === "prod");
    expect(polls).toHaveLength(4);
    expect(polls.every((r) => r.query["filter[version]"] === "20261119.2" && r.query["filter[createdAt][from]"] !== undefined)).toBe(true);
    expectNoSecrets(f, KEYS);
  });

  it("rolls back on a breach during an update: the previous version is current and the update fails saying so", async () => {
    const pinned = await up(f.host, await declare({ version: "20261118.1" }));
    expect(pinned.op).toBe("create");
    f.emulator.clearRequests();
    const reg = await declare(followed(true));
    const checked = await f.host.check(pinned.state.urn, pinned.state.inputs, reg.object);
    expect(checked.inputs.candidate).toBe("20261119.2");
    expect((await f.host.diff(pinned.state.urn, pinned.state.id, pinned.state.inputs, pinned.state.outputs, checked.inputs)).changes).toBe("DIFF_SOME");
    const [failure] = await Promise.all([
      failureOf(f.host.update(pinned.state.urn, pinned.state.id, pinned.state.outputs, pinned.state.inputs, checked.inputs)),
      onceLogged("Verifying prod", () =>
        f.emulator.admin.addRuns("prod", { version: "20261119.2", count: 5, failureRate: 0.6, failureStatus: "CRASHED" }),
      ),
    ]);
    expect(failure?.message).toContain(
      "prod: verify failed for 20261119.2: failure rate 60% is above maxFailureRate 20% (5 runs, 3 failed (60%)). Rolled back: 20261118.1 is current again.",
    );
    expect(current()).toBe("20261118.1");
    expect(promotions()).toEqual([
      ["/api/v1/deployments/20261119.2/promote", null],
      ["/api/v1/deployments/20261118.1/promote", "true"],
    ]);
    // The breach was seen at the first poll.
    expect(log()).not.toContain("poll 2/2");
    expectNoSecrets(f, KEYS, failure?.message);
  });

  it("too few runs by the end is a breach; with rollback off the new version stays and the create fails", async () => {
    const reg = await declare(followed(false));
    const checked = await f.host.check("urn:pulumi:dev::trigger-iac-test::d::nr", {}, reg.object);
    const failure = await failureOf(f.host.create("urn:pulumi:dev::trigger-iac-test::d::nr", checked.inputs));
    expect(failure?.message).toContain(
      "prod: verify failed for 20261119.2: 0 finished runs, fewer than minRuns 3 (0 runs, 0 failed (0%)). rollback is off: 20261119.2 stays promoted.",
    );
    expect(current()).toBe("20261119.2");
    expect(promotions()).toEqual([["/api/v1/deployments/20261119.2/promote", null]]);
  });
});
