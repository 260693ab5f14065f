import { describe, expect, test } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { EmulatorSeed, FaultRule, SeedTask } from "../src/testing.js";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

// A write whose answer was lost is checked, not given up: after a failed promotion or schedule create whose
// outcome is unknown, apply reads the state back once (/deployments/current, the schedule by its
// deduplicationKey) and carries on when it took effect. The emulator's `lost` fault carries a request out and
// then resets the connection instead of answering.

const PROJECT = "proj_lostanswersxxxxxxxxxx";
const KEYS = { dev: "tr_dev_lostAnswersDevKey0000001", staging: "tr_stg_lostAnswersStagingKey001", prod: "tr_prod_lostAnswersProdKey00001" };
const tasks: SeedTask[] = [{ id: "cleanup", scheduled: true }, { id: "send-email" }];
const deployments = [
  { version: "20261101.1", createdAt: "2026-11-01T00:00:00.000Z", tasks },
  { version: "20261102.1", createdAt: "2026-11-02T00:00:00.000Z", tasks },
];

const seed = (): EmulatorSeed => ({
  projects: [
    {
      ref: PROJECT,
      environments: {
        staging: { apiKey: KEYS.staging, deployments, current: "20261101.1" },
        prod: { apiKey: KEYS.prod, deployments, current: "20261101.1" },
      },
    },
  ],
});

const CONFIG = `version: 1
project: ${PROJECT}
environments:
  staging:
    deployment: { version: "20261102.1" }
    envVars:
      LOG_LEVEL: info
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
  prod:
    deployment: { version: "20261102.1" }
    envVars:
      LOG_LEVEL: warn
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
`;

async function applyWith(faults: FaultRule[], randomSeed = 1) {
  const emulator = await startEmulator({ seed: seed(), faults, randomSeed, rateLimit: false });
  const options = { cwd: workdir({ "trigger-iac.yaml": CONFIG }), env: { TRIGGER_API_URL: emulator.url, TRIGGER_SECRET_KEY_STAGING: KEYS.staging, TRIGGER_SECRET_KEY_PROD: KEYS.prod } };
  try {
    const apply = await runInProcess(["apply", "--auto-approve"], options);
    const lost = emulator.requests.filter((r) => r.fault === "lost").map((r) => `${r.method} ${r.path}`);
    const state = emulator.admin.snapshot().projects[0]!.environments;
    const plan = await runInProcess(["plan", "--detailed-exitcode"], options);
    return { apply, plan, lost, state, requests: [...emulator.requests] };
  } finally {
    await emulator.close();
  }
}

const promoteFault = (probability: number): FaultRule => ({ kind: "lost", probability, method: "POST", pathPrefix: "/api/v1/deployments/" });

describe("lost answers of non-idempotent writes", () => {
  test("every promotion's answer lost: one apply converges (read back once per environment), the next plan is clean", async () => {
    const { apply, plan, lost, state, requests } = await applyWith([promoteFault(1)]);
    expect(lost).toEqual(["POST /api/v1/deployments/20261102.1/promote", "POST /api/v1/deployments/20261102.1/promote"]);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toContain("Apply complete.");
    expect(state.staging!.current).toBe("20261102.1");
    expect(state.prod!.current).toBe("20261102.1");
    // The read-back: exactly one /deployments/current after each lost promotion.
    for (const env of ["staging", "prod"]) {
      const seq = requests.filter((r) => r.environment === env).map((r) => `${r.method} ${r.path}`);
      const promote = seq.indexOf("POST /api/v1/deployments/20261102.1/promote");
      expect(seq[promote + 1], env).toBe("GET /api/v1/deployments/current");
    }
    expect(plan.code, plan.stdout).toBe(0);
  });

  test("a seeded fault run where only promotions' answers are lost converges in one apply, every time", async () => {
    let lostPromotions = 0;
    for (let randomSeed = 1; randomSeed <= 8; randomSeed++) {
      const { apply, plan, lost } = await applyWith([promoteFault(0.5)], randomSeed);
      lostPromotions += lost.length;
      expect(apply.code, `seed ${randomSeed}: ${apply.stdout}${apply.stderr}`).toBe(0);
      expect(plan.code, `seed ${randomSeed}: ${plan.stdout}`).toBe(0);
    }
    expect(lostPromotions).toBeGreaterThan(0);
  });

  test("a schedule create whose answer was lost is found by its deduplicationKey and counts as done", async () => {
    const { apply, plan, lost, state } = await applyWith([{ kind: "lost", probability: 1, method: "POST", pathPrefix: "/api/v1/schedules" }]);
    expect(lost).toEqual(["POST /api/v1/schedules", "POST /api/v1/schedules"]);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(state.prod!.schedules).toEqual([expect.objectContaining({ task: "cleanup", deduplicationKey: "iac:prod:nightly" })]);
    expect(plan.code, plan.stdout).toBe(0);
  });

  test("a 503 whose write did not happen: read back, not current, reported as the API's failure", async () => {
    const { apply, plan, requests } = await applyWith([{ kind: "503", probability: 1, method: "POST", pathPrefix: "/api/v1/deployments/", times: 1 }]);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toMatch(/deployment: update failed at promoteDeployment: .*503/);
    const failed = requests.find((r) => r.status === 503)!;
    expect(requests.find((r) => r.seq > failed.seq && r.environment === failed.environment)?.path).toBe("/api/v1/deployments/current");
    // Nothing else of that environment was attempted after the failure; the next plan shows what is left.
    expect(plan.code).toBe(2);
  });
});
