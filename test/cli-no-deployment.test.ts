import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/testing.js";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

// An environment with no current deployment: the real server lists no schedules there (api-behaviour.md §3.3), so
// planning creates would never converge. The plan says so in one line per environment, plans no schedule there,
// and --detailed-exitcode stays honest (2: the declared schedules are not there), until a version is current.

const PROJECT = "proj_nodeploymentxxxxxxxxx";
const KEYS = { staging: "tr_stg_noDeploymentStagingKey01", prod: "tr_prod_noDeploymentProdKey0001" };
const tasks = [{ id: "cleanup", scheduled: true }];

const CONFIG = `version: 1
project: ${PROJECT}
environments:
  staging:
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
  prod:
    envVars:
      LOG_LEVEL: warn
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
      hourly: { task: cleanup, cron: "0 * * * *" }
`;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      projects: [
        {
          ref: PROJECT,
          environments: {
            // staging runs a version; prod has one deployed but none promoted yet.
            staging: { apiKey: KEYS.staging, deployments: [{ version: "20261101.1", createdAt: "2026-11-01T00:00:00.000Z", tasks }], current: "20261101.1" },
            prod: { apiKey: KEYS.prod, deployments: [{ version: "20261101.1", createdAt: "2026-11-01T00:00:00.000Z", tasks }] },
          },
        },
      ],
    },
  });
});
afterAll(async () => {
  await emulator.close();
});

const cwd = () => workdir({ "trigger-iac.yaml": CONFIG });
const env = () => ({ TRIGGER_API_URL: emulator.url, TRIGGER_SECRET_KEY_STAGING: KEYS.staging, TRIGGER_SECRET_KEY_PROD: KEYS.prod });
const scheduleWrites = () => emulator.requests.filter((r) => r.method !== "GET" && r.path.startsWith("/api/v1/schedules"));
const NOTICE =
  "warning prod.schedules [no-current-deployment]: prod has no current deployment, so the API lists no schedules there: the 2 declared " +
  "schedule(s) are not planned (a schedule created now could not be seen or checked afterwards). Deploy first (trigger deploy, or " +
  "declare deployment.version), then plan again.";

describe("an environment with no current deployment", () => {
  test("plan: one line for the environment, no schedule planned there, exit 2 with --detailed-exitcode", async () => {
    const plan = await runInProcess(["plan", "--detailed-exitcode"], { cwd: cwd(), env: env() });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(NOTICE);
    expect(plan.stdout.split(NOTICE.slice(0, 40)).length - 1).toBe(1);
    expect(plan.stdout).not.toContain("prod.schedules.nightly");
    expect(plan.stdout).not.toContain("prod.schedules.hourly");
    expect(plan.stdout).toContain("+ staging.schedules.nightly (create)");
    expect(plan.stdout).toContain("+ prod.envVars.LOG_LEVEL (create)");
  });

  test("apply writes what can be seen afterwards and no schedule in prod; the next plan is the one line, exit 2, nothing to apply", async () => {
    emulator.clearRequests();
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd: cwd(), env: env() });
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(scheduleWrites().map((r) => r.environment)).toEqual(["staging"]);
    expect(emulator.admin.snapshot().projects[0]!.environments.prod!.schedules ?? []).toEqual([]);

    const again = await runInProcess(["plan", "--detailed-exitcode"], { cwd: cwd(), env: env() });
    expect(again.code).toBe(2);
    expect(again.stdout).toContain(NOTICE);
    expect(again.stdout).toContain("No changes to apply now; the schedules of 1 environment(s) wait for a deployment (see Diagnostics).");
    expect(again.stdout).not.toContain("Live state matches");

    emulator.clearRequests();
    const nothing = await runInProcess(["apply", "--auto-approve"], { cwd: cwd(), env: env() });
    expect(nothing.code).toBe(0);
    expect(emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  test("once a version is current, the schedules are planned, applied, and the plan is clean", async () => {
    emulator.admin.promote("prod", "20261101.1");
    const plan = await runInProcess(["plan"], { cwd: cwd(), env: env() });
    expect(plan.stdout).not.toContain("no-current-deployment");
    expect(plan.stdout).toContain("+ prod.schedules.hourly (create)");
    expect((await runInProcess(["apply", "--auto-approve"], { cwd: cwd(), env: env() })).code).toBe(0);
    const clean = await runInProcess(["plan", "--detailed-exitcode"], { cwd: cwd(), env: env() });
    expect(clean.code, clean.stdout).toBe(0);
  });
});
