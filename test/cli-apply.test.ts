import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/emulator/types.js";
import { emulatorEnv, KINDS_CONFIG, kindsSeed, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// apply end to end: refusals first (nothing changed), then a saved plan, then convergence and prune-off safety.
const fixture = useFixtureWorkspace();

/** The parts of the state apply may change, as JSON, to prove refusals change nothing. */
const state = () => JSON.stringify(fixture.emulator.admin.snapshot());
const writes = () => fixture.emulator.requests.filter((r) => r.method !== "GET");

describe("apply refuses without changing anything", () => {
  it("refuses when stdin is not a terminal and --auto-approve is missing, before any request", async () => {
    fixture.emulator.clearRequests();
    const run = await runInProcess(["apply"], { cwd: fixture.cwd, env: fixture.env, isTTY: false });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("stdin is not a terminal");
    expect(run.stderr).toContain("--auto-approve");
    expect(fixture.emulator.requests).toHaveLength(0);
  });

  it("asks on a terminal and does nothing unless the answer is yes", async () => {
    const before = state();
    const run = await runInProcess(["apply"], { cwd: fixture.cwd, env: fixture.env, isTTY: true, input: "no\n" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Apply these changes?");
    expect(run.stdout).toContain("Apply cancelled: nothing was changed.");
    expect(state()).toBe(before);
  });

  it("--max-deletes refuses a plan with more deletes and replaces", async () => {
    const before = state();
    fixture.emulator.clearRequests();
    // 3 deletes + 1 replace in the fixture.
    const run = await runInProcess(["apply", "--auto-approve", "--max-deletes", "3"], { cwd: fixture.cwd, env: fixture.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("deletes or replaces 4 object(s), more than --max-deletes 3");
    expect(writes()).toHaveLength(0);
    expect(state()).toBe(before);
    const bad = await runInProcess(["apply", "--auto-approve", "--max-deletes", "many"], { cwd: fixture.cwd, env: fixture.env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--max-deletes must be a non-negative integer");
  });

  it("refuses a stale saved plan", async () => {
    const saved = await runInProcess(["plan", "--out", "stale.json"], { cwd: fixture.cwd, env: fixture.env });
    expect(saved.code).toBe(0);
    // Someone changes a setting in the dashboard after the plan was reviewed.
    fixture.emulator.admin.setEnvVar("prod", "SAME", "changed-by-hand");
    const before = state();
    fixture.emulator.clearRequests();
    const run = await runInProcess(["apply", "--plan", "stale.json", "--auto-approve"], { cwd: fixture.cwd, env: fixture.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("stale.json is stale: nothing was changed");
    expect(run.stderr).toContain("prod.envVars.SAME");
    expect(writes()).toHaveLength(0);
    expect(state()).toBe(before);
    fixture.emulator.admin.setEnvVar("prod", "SAME", "same");
  });

  it("refuses a plan with error diagnostics; plan prints them and exits 1", async () => {
    const dir = workdir({ "trigger-iac.yaml": KINDS_CONFIG.replace("send-email: { concurrencyLimit: 20 }", "send-emails: { concurrencyLimit: 20 }") });
    const plan = await runInProcess(["plan", "--detailed-exitcode"], { cwd: dir, env: fixture.env });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain("queue-not-found");
    expect(plan.stdout).toContain("send-email");
    const before = state();
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd: dir, env: fixture.env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain("The plan has errors");
    expect(state()).toBe(before);
  });

  it("refuses a file that is not a plan", async () => {
    const dir = workdir({ "trigger-iac.yaml": KINDS_CONFIG, "junk.json": "{\"hello\": 1}" });
    const run = await runInProcess(["apply", "--plan", "junk.json", "--auto-approve"], { cwd: dir, env: fixture.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("junk.json");
    expect(run.stderr).toMatch(/formatVersion/);
  });
});

describe("apply converges", () => {
  it("applies exactly a fresh saved plan, printing one line per change, then plans clean", async () => {
    const snapshot = fixture.emulator.admin.snapshot();
    const saved = await runInProcess(["plan", "--out", "fresh.json", "--format", "json"], { cwd: fixture.cwd, env: fixture.env });
    expect(saved.code).toBe(0);
    const plan = JSON.parse(readFileSync(join(fixture.cwd, "fresh.json"), "utf8"));
    const actionable = plan.changes.filter((c: { action: string }) => !["noop", "unmanaged"].includes(c.action));

    const run = await runInProcess(["apply", "--plan", "fresh.json", "--auto-approve"], { cwd: fixture.cwd, env: fixture.env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    for (const c of actionable) {
      const verb = { create: "created", update: "updated", replace: "replaced", delete: "deleted" }[c.action as string];
      expect(run.stdout).toContain(`${c.address}: ${verb}\n`);
    }
    expect(run.stdout).toContain("Apply complete. 2 created, 4 updated, 1 replaced, 3 deleted");

    const again = await runInProcess(["plan", "--detailed-exitcode"], { cwd: fixture.cwd, env: fixture.env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes.");
    const applyAgain = await runInProcess(["apply", "--auto-approve"], { cwd: fixture.cwd, env: fixture.env });
    expect(applyAgain.code).toBe(0);
    expect(applyAgain.stdout).toContain("No changes.");

    // Prune is off in staging: its undeclared variable and override are untouched; in prod the hand-made
    // schedule (not iac:-managed) and the declarative one survive the schedule prune.
    const after = fixture.emulator.admin.snapshot();
    const envOf = (seed: EmulatorSeed, name: "staging" | "prod") => seed.projects[0].environments[name]!;
    expect(envOf(after, "staging").envVars?.EXTRA).toEqual(envOf(snapshot, "staging").envVars?.EXTRA);
    const exportQueue = (seed: EmulatorSeed) => envOf(seed, "staging").queues?.find((q) => q.name === "export");
    expect(exportQueue(after)).toEqual(exportQueue(snapshot));
    const keys = (envOf(after, "prod").schedules ?? []).map((s) => s.deduplicationKey ?? `(${s.type})`).sort();
    expect(keys).toContain("hand-made");
    expect(keys).not.toContain("iac:prod:gone");
    expect((envOf(after, "prod").schedules ?? []).some((s) => s.type === "DECLARATIVE")).toBe(true);
    expect(envOf(after, "prod").current).toBe("20261102.1");
  });
});

describe("partial failure", () => {
  let faulty: Emulator;
  afterAll(async () => {
    await faulty?.close();
  });

  it("reports done, failed (with the API's message) and not attempted, exits 1, and a re-run converges", async () => {
    // One injected 503 on prod's env var import: the first step of prod fails.
    faulty = await startEmulator({
      seed: kindsSeed(),
      faults: [{ kind: "503", probability: 1, method: "POST", pathPrefix: "/api/v1/projects/proj_fixturekinds/envvars/prod/import", times: 1 }],
    });
    const faultyEnv = emulatorEnv(faulty);
    const run = await runInProcess(["apply", "--auto-approve"], { cwd: fixture.cwd, env: faultyEnv });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Apply incomplete:");
    expect(run.stdout).toMatch(/Failed:\n {2}✗ prod\.envVars\.(LOG_LEVEL|NEW_VAR): (update|create) failed at importEnvVars\(plain\): .*503/);
    expect(run.stdout).toContain("Not attempted");
    for (const address of ["prod.deployment", "prod.queues.tasks.send-email", "prod.schedules.fresh", "prod.schedules.weekly"]) {
      expect(run.stdout).toMatch(new RegExp(`- ${address.replace(/\./g, "\\.")}: `));
    }
    expect(run.stdout).toContain("run apply again");
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(faulty.admin.snapshot().projects[0].environments.prod?.current).toBe("20261101.1");

    const rerun = await runInProcess(["apply", "--auto-approve"], { cwd: fixture.cwd, env: faultyEnv });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain("Apply complete.");
    const clean = await runInProcess(["plan", "--detailed-exitcode"], { cwd: fixture.cwd, env: faultyEnv });
    expect(clean.code).toBe(0);
  });
});
