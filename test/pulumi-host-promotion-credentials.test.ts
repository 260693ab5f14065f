import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorSeed } from "../src/testing.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { declarePromotion, expectNoSecrets, failureOf, promotionProject } from "./helpers/pulumi-promotion.js";
import { up } from "./helpers/pulumi-steps.js";

// The environment a DeploymentPromotion reads besides its own (follow, gate.from) needs a credential too, from the
// same variables as its own: TRIGGER_SECRET_KEY_<SOURCE> or TRIGGER_ACCESS_TOKEN. Without one, or with another
// project's key, the check (or the update) says which environment cannot be read and which variable to set.
const PROJECT = "proj_pulumisources";
const STAGING_KEY = "tr_stg_pulumiSourcesStagingKey000";
const PROD_KEY = "tr_prod_pulumiSourcesProdKey00000";
const FOREIGN_STAGING_KEY = "tr_stg_someOtherProjectStaging000";
const PAT = "tr_pat_pulumisourcestoken0000000000000000000000";
const KEYS = [STAGING_KEY, PROD_KEY, FOREIGN_STAGING_KEY, PAT];
const V = ["20261118.1", "20261119.2"];

function seed(): EmulatorSeed {
  return {
    personalAccessTokens: [{ token: PAT, projects: [PROJECT] }],
    projects: [
      promotionProject(PROJECT, {
        staging: { apiKey: STAGING_KEY, versions: V, current: "20261119.2", runOutcomes: [{ version: "20261119.2", count: 25, failureRate: 0.2, within: "2h" }] },
        prod: { apiKey: PROD_KEY, versions: V, current: "20261118.1" },
      }),
      promotionProject("proj_someotherproject", { staging: { apiKey: FOREIGN_STAGING_KEY, versions: ["20261201.1"], current: "20261201.1" } }),
    ],
  };
}

let f: HostFixture | undefined;
afterEach(async () => {
  await f?.dispose();
  f = undefined;
});

async function start(env: Record<string, string>): Promise<HostFixture> {
  f = await startHostFixture(() => env, seed());
  return f;
}
const declare = (fx: HostFixture, args: Record<string, unknown>) => declarePromotion(fx, PROJECT, args);
const URN = "urn:pulumi:dev::trigger-iac-test::d::release";

describe("credentials of the environment a DeploymentPromotion follows", () => {
  it("without one, the check fails on follow naming the variable to set, and sends nothing", async () => {
    const fx = await start({ TRIGGER_SECRET_KEY_PROD: PROD_KEY, TRIGGER_SECRET_KEY: PROD_KEY });
    const checked = await fx.host.check(URN, {}, (await declare(fx, { follow: "staging" })).object);
    expect(checked.failures).toHaveLength(1);
    expect(checked.failures[0]).toMatchObject({ property: "follow" });
    expect(checked.failures[0]?.reason).toContain(
      "prod.deployment reads staging (follow: its current version), and there is no credential for it: set TRIGGER_SECRET_KEY_STAGING (the staging secret key; only read with it) or TRIGGER_ACCESS_TOKEN where Pulumi runs.",
    );
    expect(fx.emulator.requests).toEqual([]);
    expectNoSecrets(fx, KEYS, checked);
  });

  it("a key of the wrong environment in the source's variable is refused by its prefix, naming the variable", async () => {
    const fx = await start({ TRIGGER_SECRET_KEY_PROD: PROD_KEY, TRIGGER_SECRET_KEY_STAGING: PROD_KEY });
    const checked = await fx.host.check(URN, {}, (await declare(fx, { follow: "staging" })).object);
    expect(checked.failures.map((x) => x.property)).toEqual(["follow"]);
    expect(checked.failures[0]?.reason).toMatch(/^prod\.deployment reads staging \(follow: its current version\), and TRIGGER_SECRET_KEY_STAGING holds a key for 'prod'/);
    expect(fx.emulator.requests).toEqual([]);
    expectNoSecrets(fx, KEYS, checked);
  });

  it("another project's key is refused before anything is read there", async () => {
    const fx = await start({ TRIGGER_SECRET_KEY_PROD: PROD_KEY, TRIGGER_SECRET_KEY_STAGING: FOREIGN_STAGING_KEY });
    const checked = await fx.host.check(URN, {}, (await declare(fx, { follow: "staging" })).object);
    expect(checked.failures.map((x) => x.property)).toEqual(["follow"]);
    expect(checked.failures[0]?.reason).toMatch(/^prod\.deployment cannot read staging \(follow\): TRIGGER_SECRET_KEY_STAGING belongs to another project/);
    // Only the proof was sent (refused); the foreign project's current deployment was never read.
    expect(fx.emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET /api/v1/projects/${PROJECT}/envvars/stg 400`]);
    expectNoSecrets(fx, KEYS, checked);
  });

  it("a personal access token serves both environments", async () => {
    const fx = await start({ TRIGGER_ACCESS_TOKEN: PAT });
    const created = await up(fx.host, await declare(fx, { follow: "staging" }));
    expect(created.state.outputs.version).toBe("20261119.2");
    expect(fx.emulator.admin.snapshot().projects[0].environments.prod?.current).toBe("20261119.2");
    expectNoSecrets(fx, KEYS, created);
  });

  it("a pinned version gated on another environment (gate.from) counts that environment's runs at update time", async () => {
    const fx = await start({ TRIGGER_SECRET_KEY_PROD: PROD_KEY, TRIGGER_SECRET_KEY_STAGING: STAGING_KEY });
    const gate = { minRuns: 20, maxFailureRate: 0.1, window: "24h", from: "staging" };
    const reg = await declare(fx, { version: "20261119.2", gate });
    const checked = await fx.host.check(URN, {}, reg.object);
    expect(checked.failures).toEqual([]);
    expect(fx.emulator.requests).toEqual([]); // a pinned version reads nothing at check
    const failure = await failureOf(fx.host.create(URN, checked.inputs));
    expect(failure?.message).toContain(
      "Gate failed for 20261119.2 in prod: failure rate 20% is above maxFailureRate 10%. staging: 25 runs of 20261119.2 in 24h, 5 failed (20%) > 10% — gate failed.",
    );
    expect(fx.emulator.admin.snapshot().projects[0].environments.prod?.current).toBe("20261118.1");
    expect(fx.emulator.requests.filter((r) => r.method === "POST")).toEqual([]);
    expectNoSecrets(fx, KEYS, failure?.message);
  });
});
