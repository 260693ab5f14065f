import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed, SeedDeployment } from "../src/emulator/types.js";
import { emulatorEnv, runInProcess, workdir } from "./helpers/cli-harness.js";

// apply with deployment.verify: promote, watch the new version's runs for a short `for`, roll back on a
// breach. Runs are added while the watch is open (admin.addRuns), as the run engine would.
const PROJECT = "proj_promotionverify";
const SECRET = "verify-secret-value-never-printed";
const deployment = (version: string, day: number): SeedDeployment => ({
  version,
  createdAt: `2026-11-${day}T00:00:00.000Z`,
  tasks: [{ id: "send-email" }],
});

function seed(): EmulatorSeed {
  return {
    projects: [
      {
        ref: PROJECT,
        environments: {
          staging: {
            apiKey: "tr_stg_verifyStagingKey000000000",
            deployments: [deployment("20261118.1", 18), deployment("20261119.2", 19)],
            current: "20261119.2",
            runOutcomes: [{ version: "20261119.2", count: 40, within: "2h" }],
          },
          prod: {
            apiKey: "tr_prod_verifyProdKey00000000000",
            deployments: [deployment("20261118.1", 18), deployment("20261119.2", 19)],
            current: "20261118.1",
            envVars: { TOKEN: { value: SECRET, secret: true } },
          },
        },
      },
    ],
  };
}

const config = (verify: string) => `version: 1
project: ${PROJECT}
environments:
  prod:
    envVars:
      TOKEN: { fromEnv: PROD_TOKEN, secret: true }
    deployment:
      follow: staging
      gate: { minRuns: 20, maxFailureRate: 0.05, window: 24h }
      verify: { for: 2s, minRuns: 3, maxFailureRate: 0.2${verify} }
`;

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Runs `apply --auto-approve`; `onVerify` runs once when the watch starts (to add runs, or press Ctrl-C). */
async function apply(yaml: string, onVerify: (e: Emulator, abort: () => void) => void) {
  emulator = await startEmulator({ seed: seed() });
  const e = emulator;
  const cwd = workdir({ "trigger-iac.yaml": yaml });
  const controller = new AbortController();
  let stdout = "";
  let stderr = "";
  let fired = false;
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli(["apply", "--auto-approve"], {
    stdout: {
      write: (s: string) => {
        stdout += s;
        if (!fired && stdout.includes("Verifying prod")) {
          fired = true;
          onVerify(e, () => controller.abort());
        }
      },
    },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    env: emulatorEnv(e, { PROD_TOKEN: SECRET }),
    cwd,
    isTTY: false,
    clientOptions: { retry: false },
    signal: controller.signal,
    setInterruptible: () => undefined,
  });
  expect(`${stdout}${stderr}`).not.toContain(SECRET);
  return { code, stdout, stderr };
}

const currentProd = (e: Emulator) => e.admin.snapshot().projects[0]?.environments.prod?.current;
const promotions = (e: Emulator) => e.requests.filter((r) => r.method === "POST" && r.path.endsWith("/promote"));

describe("apply with verify", () => {
  it("exits 0 when the new version stays healthy, showing the interval and a line per poll", async () => {
    const run = await apply(config(", rollback: true"), (e) => {
      e.admin.addRuns("prod", { version: "20261119.2", count: 4 });
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Verifying prod 20261119.2 for 2s: polling runs every 1s (2 polls; minRuns 3, maxFailureRate 20%).");
    expect(run.stdout).toContain("prod: poll 1/2 after");
    expect(run.stdout).toContain("prod: poll 2/2 after");
    expect(run.stdout).toContain("prod: verify passed for 20261119.2 (4 runs, 0 failed (0%)).");
    expect(currentProd(emulator as Emulator)).toBe("20261119.2");
    // Each poll: one failures page + one successes page, at most 2 polls.
    const runLists = (emulator as Emulator).requests.filter((r) => r.path === "/api/v1/runs" && r.environment === "prod");
    expect(runLists.length).toBeLessThanOrEqual(4);
    expect(runLists.every((r) => r.query["filter[version]"] === "20261119.2" && r.query["filter[createdAt][from]"] !== undefined)).toBe(true);
  });

  it("rolls back on a breach: the previous version is current afterwards, exit 1", async () => {
    const run = await apply(config(", rollback: true"), (e) => {
      e.admin.addRuns("prod", { version: "20261119.2", count: 5, failureRate: 0.6, failureStatus: "CRASHED" });
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "prod: verify failed for 20261119.2: failure rate 60% is above maxFailureRate 20% (5 runs, 3 failed (60%)). Rolled back: 20261118.1 is current again.",
    );
    const e = emulator as Emulator;
    expect(currentProd(e)).toBe("20261118.1");
    const calls = promotions(e);
    expect(calls.map((r) => [r.path, r.query.allowRollbacks, r.status])).toEqual([
      ["/api/v1/deployments/20261119.2/promote", undefined, 200],
      ["/api/v1/deployments/20261118.1/promote", "true", 200],
    ]);
    // The breach was seen at the first poll: no second poll.
    expect(run.stdout).not.toContain("poll 2/2");
  });

  it("without rollback, reports the breach, keeps the promotion and exits 1", async () => {
    const run = await apply(config(", rollback: false"), (e) => {
      e.admin.addRuns("prod", { version: "20261119.2", count: 5, failureRate: 0.6 });
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("rollback is off: 20261119.2 stays promoted.");
    expect(currentProd(emulator as Emulator)).toBe("20261119.2");
    expect(promotions(emulator as Emulator)).toHaveLength(1);
  });

  it("too few runs by the end of the window is a breach", async () => {
    const run = await apply(config(", rollback: true"), (e) => {
      e.admin.addRuns("prod", { version: "20261119.2", count: 1 });
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("1 finished runs, fewer than minRuns 3");
    expect(currentProd(emulator as Emulator)).toBe("20261118.1");
  });

  it("Ctrl-C during verify leaves the promotion in place and says so", async () => {
    const run = await apply(config(", rollback: true"), (_e, abort) => abort());
    expect(run.code).toBe(130);
    expect(run.stdout).toContain("prod: verify interrupted after 0 poll(s)");
    expect(run.stdout).toContain("20261119.2 stays promoted; nothing was rolled back.");
    expect(currentProd(emulator as Emulator)).toBe("20261119.2");
    expect(promotions(emulator as Emulator)).toHaveLength(1);
  });
});

describe("apply --plan with a gate", () => {
  it("reuses the reviewed evidence (no runs read again) and refuses the plan once the followed version moved", async () => {
    emulator = await startEmulator({ seed: seed() });
    const yaml = config(", rollback: true").replace(/ {6}verify:.*\n/, "");
    const cwd = workdir({ "trigger-iac.yaml": yaml });
    const env = emulatorEnv(emulator, { PROD_TOKEN: SECRET });
    const planned = await runInProcess(["plan", "--out", "plan.json"], { cwd, env });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain("staging: 40 runs of 20261119.2 in 24h, 0 failed (0%) ≤ 5% — gate passed");
    // New failures arrive after the review: the reviewed plan is the approval, so they do not block it.
    emulator.admin.addRuns("staging", { version: "20261119.2", count: 10, failureRate: 1 });
    emulator.clearRequests();
    const applied = await runInProcess(["apply", "--plan", "plan.json", "--auto-approve"], { cwd, env });
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(emulator.requests.filter((r) => r.path === "/api/v1/runs")).toHaveLength(0);
    expect(currentProd(emulator)).toBe("20261119.2");

    // Staging moves on: the saved plan (made again) is now stale.
    const again = await runInProcess(["plan", "--out", "plan2.json", "--env", "prod"], { cwd, env });
    expect(again.code).toBe(0);
    emulator.admin.addDeployment("staging", deployment("20261120.3", 20));
    emulator.admin.promote("staging", "20261120.3");
    const stale = await runInProcess(["apply", "--plan", "plan2.json", "--auto-approve"], { cwd, env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("is stale");
  });
});
