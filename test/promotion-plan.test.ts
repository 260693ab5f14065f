import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed, SeedDeployment, SeedRun, SeedRunOutcomes } from "../src/emulator/types.js";
import { emulatorEnv, runInProcess, workdir } from "./helpers/cli-harness.js";

// Promotion pipelines end to end: YAML with deployment.follow / gate -> real HTTP to the emulator -> plan.
const PROJECT = "proj_promotionpipeline";
const SECRET = "s3cret-promotion-value-never-printed";

const deployment = (version: string, day: number): SeedDeployment => ({
  version,
  createdAt: `2026-11-${String(day).padStart(2, "0")}T00:00:00.000Z`,
  tasks: [{ id: "send-email" }, { id: "resize" }],
});
const DEPLOYMENTS = [deployment("20261118.1", 18), deployment("20261119.2", 19), deployment("20261120.3", 20)];

function seed(staging: { runs?: SeedRun[]; runOutcomes?: SeedRunOutcomes[] } = {}): EmulatorSeed {
  return {
    projects: [
      {
        ref: PROJECT,
        environments: {
          dev: { apiKey: "tr_dev_promotionDevKey000000000", deployments: DEPLOYMENTS, current: "20261120.3" },
          staging: { apiKey: "tr_stg_promotionStagingKey00000", deployments: DEPLOYMENTS, current: "20261119.2", ...staging },
          prod: { apiKey: "tr_prod_promotionProdKey0000000", deployments: DEPLOYMENTS, current: "20261118.1", envVars: { API_KEY: { value: SECRET, secret: true } } },
        },
      },
    ],
  };
}

const config = (prod: string, extra = "") => `version: 1
project: ${PROJECT}
environments:
${extra}  prod:
    envVars:
      API_KEY: { fromEnv: PROD_API_KEY, secret: true }
    deployment:
${prod}`;

const GATE = `      follow: staging
      gate: { minRuns: 20, maxFailureRate: 0.05, window: 24h }
`;

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function plan(s: EmulatorSeed, yaml: string, format = "json") {
  emulator = await startEmulator({ seed: s });
  const cwd = workdir({ "trigger-iac.yaml": yaml });
  emulator.clearRequests();
  const run = await runInProcess(["plan", "--format", format], { cwd, env: emulatorEnv(emulator, { PROD_API_KEY: SECRET }) });
  expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
  return run;
}

const runRequests = () => (emulator as Emulator).requests.filter((r) => r.path === "/api/v1/runs");

describe("deployment.follow", () => {
  it("promotes the followed environment's current version", async () => {
    const run = await plan(seed(), config("      follow: staging\n"));
    expect(run.code).toBe(0);
    const change = JSON.parse(run.stdout).changes.find((c: { address: string }) => c.address === "prod.deployment");
    expect(change.action).toBe("update");
    expect(change.fields).toEqual([{ path: "version", before: "20261118.1", after: "20261119.2", sensitive: false }]);
    expect(change.promotion).toEqual({ candidate: "20261119.2", follow: "staging" });
    expect(runRequests()).toHaveLength(0);
  });

  it("resolves a chain in one plan, reading each environment's current deployment once", async () => {
    const yaml = config("      follow: staging\n", "  staging:\n    deployment: { follow: dev }\n  dev:\n    deployment: { version: \"20261120.3\" }\n");
    const run = await plan(seed(), yaml);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    const version = (address: string) => json.changes.find((c: { address: string }) => c.address === address);
    expect(version("dev.deployment").action).toBe("noop");
    expect(version("staging.deployment").fields[0]).toMatchObject({ before: "20261119.2", after: "20261120.3" });
    expect(version("prod.deployment").fields[0]).toMatchObject({ before: "20261118.1", after: "20261119.2" });
    const currents = (emulator as Emulator).requests.filter((r) => r.path === "/api/v1/deployments/current");
    expect(currents.map((r) => r.environment).sort()).toEqual(["dev", "prod", "staging"]);
  });

  it("a follow cycle is a config error with file:line:col, before any request", async () => {
    const yaml = config("      follow: staging\n", "  staging:\n    deployment: { follow: prod }\n");
    const run = await plan(seed(), yaml, "text");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/trigger-iac\.yaml:\d+:\d+/);
    expect(run.stderr).toContain("follow cycle: staging follows prod follows staging; one of them must pin a version");
    expect((emulator as Emulator).requests).toHaveLength(0);
  });

  it("version and follow together are a config error", async () => {
    const run = await plan(seed(), config('      version: "20261119.2"\n      follow: staging\n'), "text");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("deployment has both version and follow");
    expect(run.stderr).toMatch(/trigger-iac\.yaml:7:5: error: deployment has both/);
  });
});

describe("a source environment's credential", () => {
  const FOREIGN = "proj_promotionforeignxxxxx";
  const FOREIGN_STAGING_KEY = "tr_stg_promotionForeignStgKey00";
  const withForeign = (): EmulatorSeed => {
    const s = seed({ runOutcomes: [{ version: "20261119.2", count: 30, failureRate: 0 }] });
    s.projects.push({ ref: FOREIGN, environments: { staging: { apiKey: FOREIGN_STAGING_KEY, deployments: DEPLOYMENTS, current: "20261120.3" } } });
    return s;
  };
  const planProd = async (stagingKey?: string) => {
    emulator = await startEmulator({ seed: withForeign() });
    const cwd = workdir({ "trigger-iac.yaml": config(GATE) });
    const env = emulatorEnv(emulator, { PROD_API_KEY: SECRET });
    if (stagingKey) env.TRIGGER_SECRET_KEY_STAGING = stagingKey;
    emulator.clearRequests();
    const run = await runInProcess(["plan", "--format", "json"], { cwd, env });
    for (const secret of [SECRET, FOREIGN_STAGING_KEY, emulator.credentials.secretKeys.staging]) expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
    return run;
  };
  const stagingProofs = () => (emulator as Emulator).requests.filter((r) => r.path === `/api/v1/projects/${PROJECT}/envvars/stg`);

  it("is proved to belong to the project, once, beside the read (staging is only followed)", async () => {
    const run = await planProd();
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).changes.find((c: { address: string }) => c.address === "prod.deployment").promotion.candidate).toBe("20261119.2");
    expect(stagingProofs()).toHaveLength(1);
  });

  it("another project's key there is exit 1 naming the variable, before any plan is shown, nothing written", async () => {
    const run = await planProd(FOREIGN_STAGING_KEY);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("TRIGGER_SECRET_KEY_STAGING belongs to another project");
    expect(run.stderr).toContain(`names project ${PROJECT} (staging)`);
    expect((emulator as Emulator).requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});

describe("deployment.gate", () => {
  it("passes with enough healthy runs and stops counting once the verdict is certain (2 requests)", async () => {
    const run = await plan(seed({ runOutcomes: [{ version: "20261119.2", count: 250, failureRate: 0.008, within: "12h" }] }), config(GATE));
    expect(run.code).toBe(0);
    const change = JSON.parse(run.stdout).changes.find((c: { address: string }) => c.address === "prod.deployment");
    // 2 failures need 38 successes at 5%: one page of failures, one page of 100 successes, then stop.
    expect(change.promotion).toMatchObject({
      candidate: "20261119.2",
      follow: "staging",
      source: "staging",
      window: "24h",
      counts: { runs: 102, failed: 2, complete: false },
      minRuns: 20,
      maxFailureRate: 0.05,
      verdict: "passed",
    });
    const requests = runRequests();
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.environment === "staging" && r.query["filter[version]"] === "20261119.2" && r.query["page[size]"] === "100")).toBe(true);
    expect(requests[0]?.query["filter[status]"]).toBe("FAILED,CRASHED,SYSTEM_FAILURE,TIMED_OUT");
    expect(requests[1]?.query["filter[status]"]).toBe("COMPLETED");
  });

  it("shows the evidence line under the promotion in text and Markdown", async () => {
    const s = () => seed({ runOutcomes: [{ version: "20261119.2", count: 60, failureRate: 0.034, within: "12h" }] });
    const text = await plan(s(), config(GATE), "text");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("staging: 60 runs of 20261119.2 in 24h, 2 failed (3.3%) ≤ 5% — gate passed");
    await emulator?.close();
    const markdown = await plan(s(), config(GATE), "markdown");
    // Markdown escapes the parentheses; the words are the same.
    expect(markdown.stdout).toContain("staging: 60 runs of 20261119.2 in 24h, 2 failed \\(3.3%\\) ≤ 5% — gate passed");
  });

  it("fails the plan (exit 1) when the failure rate is too high, with exact counts in every format", async () => {
    const s = () => seed({ runOutcomes: [{ version: "20261119.2", count: 40, failureRate: 0.125, within: "2h" }] });
    const run = await plan(s(), config(GATE));
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.changes.find((c: { address: string }) => c.address === "prod.deployment")).toBeUndefined();
    const diagnostic = json.diagnostics.find((d: { code: string }) => d.code === "gate-failed");
    expect(diagnostic.promotion).toMatchObject({ counts: { runs: 40, failed: 5, complete: true }, rate: 0.125, verdict: "failed" });
    expect(diagnostic.message).toContain("staging: 40 runs of 20261119.2 in 24h, 5 failed (12.5%) > 5% — gate failed");
    expect(runRequests()).toHaveLength(2);
    await emulator?.close();
    const text = await plan(s(), config(GATE), "text");
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("failure rate 12.5% is above maxFailureRate 5%");
  });

  it("fails with too few runs", async () => {
    const run = await plan(seed({ runOutcomes: [{ version: "20261119.2", count: 12, within: "1h" }] }), config(GATE));
    expect(run.code).toBe(1);
    const diagnostic = JSON.parse(run.stdout).diagnostics.find((d: { code: string }) => d.code === "gate-failed");
    expect(diagnostic.message).toContain("12 finished runs, fewer than minRuns 20");
    expect(diagnostic.promotion.counts).toEqual({ runs: 12, failed: 0, complete: true });
  });

  it("classifies statuses: FAILED, CRASHED, SYSTEM_FAILURE, TIMED_OUT fail; CANCELED, EXPIRED, unfinished, other versions and old runs do not count", async () => {
    const now = Date.now();
    const runs: SeedRun[] = [
      ...["COMPLETED", "COMPLETED", "COMPLETED", "FAILED", "CRASHED", "SYSTEM_FAILURE", "TIMED_OUT", "CANCELED", "EXPIRED", "EXECUTING", "QUEUED"].map(
        (status) => ({ task: "send-email", status, version: "20261119.2", createdAt: new Date(now - 3_600_000).toISOString() }),
      ),
      { task: "send-email", status: "FAILED", version: "20261118.1", createdAt: new Date(now - 3_600_000).toISOString() },
      { task: "send-email", status: "FAILED", version: "20261119.2", createdAt: new Date(now - 3 * 86_400_000).toISOString() },
      { task: "resize", status: "FAILED", version: "20261119.2", createdAt: new Date(now - 3_600_000).toISOString() },
    ];
    const gate = "      follow: staging\n      gate: { minRuns: 1, maxFailureRate: 0.5, window: 24h, tasks: [send-email] }\n";
    const run = await plan(seed({ runs }), config(gate));
    expect(run.code).toBe(1);
    const diagnostic = JSON.parse(run.stdout).diagnostics.find((d: { code: string }) => d.code === "gate-failed");
    expect(diagnostic.promotion).toMatchObject({ counts: { runs: 7, failed: 4, complete: true }, tasks: ["send-email"] });
    expect(runRequests().every((r) => r.query["filter[taskIdentifier]"] === "send-email")).toBe(true);
  });

  it("counts nothing when there is nothing to promote", async () => {
    const run = await plan(seed(), config('      version: "20261118.1"\n      gate: { minRuns: 20, maxFailureRate: 0.05, window: 24h, from: staging }\n'));
    expect(run.code).toBe(0);
    expect(runRequests()).toHaveLength(0);
  });

  it("a gate on a pinned version counts its runs in gate.from", async () => {
    const s = seed({ runOutcomes: [{ version: "20261120.3", count: 30, within: "1h" }] });
    const run = await plan(s, config('      version: "20261120.3"\n      gate: { minRuns: 20, maxFailureRate: 0.05, window: 24h, from: staging }\n'));
    expect(run.code).toBe(0);
    const change = JSON.parse(run.stdout).changes.find((c: { address: string }) => c.address === "prod.deployment");
    expect(change.promotion).toMatchObject({ candidate: "20261120.3", source: "staging", counts: { runs: 30, failed: 0, complete: true }, verdict: "passed" });
    expect(change.promotion.follow).toBeUndefined();
  });
});
