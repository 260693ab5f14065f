import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed } from "../src/emulator/types.js";
import { emulatorEnv, FIXTURE_PROJECT, KINDS_CONFIG, kindsSeed, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

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

// A variable name with ':' is stored but listed truncated ('A:B' as 'A', api-behaviour.md §2.2), so a
// plan never converged: every apply wrote it again and 'A' showed up unmanaged.
describe("an env var name containing ':'", () => {
  const fixture = useFixtureWorkspace();

  it("is a config error at file:line:col; apply sends nothing", async () => {
    const cwd = workdir({
      "trigger-iac.yaml": `version: 1\nproject: ${FIXTURE_PROJECT}\nenvironments:\n  prod:\n    envVars:\n      "FEATURE:CHECKOUT": on\n`,
    });
    const env = emulatorEnv(fixture.emulator);
    const validate = await runInProcess(["validate"], { cwd, env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain("trigger-iac.yaml:6:7: error: variable name 'FEATURE:CHECKOUT' contains ':': the server lists it as 'FEATURE'");
    fixture.emulator.clearRequests();
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(1);
    expect(fixture.emulator.requests).toHaveLength(0);
  });

  it("other unusual names stay a warning (they round-trip)", async () => {
    const cwd = workdir({
      "trigger-iac.yaml": `version: 1\nproject: ${FIXTURE_PROJECT}\nenvironments:\n  prod:\n    envVars:\n      "my-var": x\n`,
    });
    const env = emulatorEnv(fixture.emulator);
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(0);
    expect(apply.stderr).toContain("warning: variable name 'my-var'");
    const plan = await runInProcess(["plan", "--detailed-exitcode"], { cwd, env });
    expect(plan.code).toBe(0);
  });
});

// A schedule deleted (in the dashboard) while apply waits at its prompt. A PUT on a missing id
// creates a new schedule with a random deduplicationKey (api-behaviour.md §3.4) that the tool can never
// recognise, so the next apply used to create a second one: the task then ran twice.
describe("a schedule deleted between plan and apply", () => {
  const fixture = useFixtureWorkspace();

  const CONFIG = `version: 1
project: ${FIXTURE_PROJECT}
environments:
  prod:
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
`;

  /** Runs `apply` on a terminal and, when it asks, runs `meanwhile` before answering yes. */
  async function applyAnsweringLate(cwd: string, env: Record<string, string>, meanwhile: () => void) {
    let stdout = "";
    let stderr = "";
    const stdin = new PassThrough();
    const code = await runCli(["apply"], {
      stdout: {
        write: (s: string) => {
          stdout += s;
          if (s.includes("Apply these changes?")) {
            meanwhile();
            // After the prompt has started listening (it writes the question first).
            setImmediate(() => stdin.end("yes\n"));
          }
        },
      },
      stderr: { write: (s: string) => (stderr += s) },
      stdin,
      env,
      cwd,
      isTTY: true,
      clientOptions: { retry: false },
    });
    return { code, stdout, stderr };
  }

  const prodSchedules = () =>
    (fixture.emulator.admin.snapshot().projects[0]?.environments.prod?.schedules ?? []).filter((s) => s.task === "cleanup");

  it("is not resurrected under a random key: apply fails for it, and the next apply recreates exactly one", async () => {
    const cwd = workdir({ "trigger-iac.yaml": CONFIG });
    const env = emulatorEnv(fixture.emulator);
    const nightly = prodSchedules().find((s) => s.deduplicationKey === "iac:prod:nightly");
    expect(nightly).toBeDefined();
    const planned = await runInProcess(["plan", "--format", "json"], { cwd, env });
    const id = JSON.parse(planned.stdout).changes.find((c: { address: string }) => c.address === "prod.schedules.nightly")?.remoteId;
    expect(id).toMatch(/^sched_/);

    const first = await applyAnsweringLate(cwd, { ...env, NO_COLOR: "1" }, () => fixture.emulator.admin.deleteSchedule(id as string));
    expect(first.stdout).toContain("prod.schedules.nightly (update)");
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("deleted since the plan was made");
    expect(first.stdout + first.stderr).not.toMatch(/\n\s+at /);
    // Nothing stray was created by the update.
    expect(prodSchedules().filter((s) => s.cron === "0 3 * * *")).toHaveLength(0);

    const second = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("prod.schedules.nightly: created");
    const now = prodSchedules().filter((s) => s.cron === "0 3 * * *");
    expect(now).toHaveLength(1);
    expect(now[0]?.deduplicationKey).toBe("iac:prod:nightly");
    const third = await runInProcess(["plan", "--detailed-exitcode"], { cwd, env });
    expect(third.code).toBe(0);
  });
});
