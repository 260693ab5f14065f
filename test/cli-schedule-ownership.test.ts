import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { emulatorEnv, FIXTURE_PROJECT, kindsSeed, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// Ownership of schedules (issue 8 §3): a schedule whose dedup key is iac:<env>:<key> was made by this tool for
// this environment; removed from the file it is deleted by default, kept (and reported as drift) with
// prune.schedules: false. Hand-made and declarative schedules are never touched.
const emulators: Emulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ rateLimit: false });
  emulators.push(emulator);
  // Owned by this tool (prod), owned by this tool for ANOTHER environment but living here, and hand-made.
  emulator.admin.upsertSchedule("prod", { task: "nightly-cleanup", cron: "0 5 * * *", deduplicationKey: "iac:prod:old-job" });
  emulator.admin.upsertSchedule("prod", { task: "nightly-cleanup", cron: "0 6 * * *", deduplicationKey: "iac:staging:moved" });
});

const config = (prune: string) => `version: 1
project: ${emulator.credentials.projectRef}
environments:
  prod:
${prune}    schedules:
      kept:
        task: nightly-cleanup
        cron: "0 4 * * *"
`;

const prodSchedules = () =>
  (emulator.admin.snapshot().projects[0]!.environments.prod!.schedules ?? []).map((s) => s.deduplicationKey ?? `(${s.type ?? "declarative"} ${s.task})`).sort();

describe("schedules this tool owns", () => {
  it("are deleted by default once removed from the file; hand-made and other environments' ones stay", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("") });
    const env = emulatorEnv(emulator);
    const plan = await runInProcess(["plan", "--format", "json", "--detailed-exitcode"], { cwd, env });
    expect(plan.code).toBe(2);
    const changes = (JSON.parse(plan.stdout) as { changes: { address: string; action: string }[] }).changes;
    expect(changes.filter((c) => c.action !== "unmanaged").map((c) => [c.address, c.action])).toEqual([
      ["prod.schedules.kept", "create"],
      ["prod.schedules.old-job", "delete"],
    ]);

    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(0);
    expect(prodSchedules()).toEqual(["(DECLARATIVE daily-report)", "iac:prod:kept", "iac:staging:moved", "nightly-cleanup"]);
    const writes = emulator.requests.filter((r) => r.method === "DELETE");
    expect(writes).toHaveLength(1);

    const again = await runInProcess(["plan", "--detailed-exitcode"], { cwd, env });
    expect(again.stdout).toContain("No changes. Live state matches the configuration.");
    expect(again.code).toBe(0);
  });

  it("with prune.schedules: false are kept, but the plan reports them as drift (exit 2) with one line saying why", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("    prune:\n      schedules: false\n") });
    const env = emulatorEnv(emulator);
    const first = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(first.code).toBe(0);
    emulator.clearRequests();

    const plan = await runInProcess(["plan", "--detailed-exitcode"], { cwd, env });
    expect(plan.code).toBe(2);
    const why = plan.stdout.split("\n").filter((l) => l.includes("kept because prune.schedules is false"));
    expect(why).toHaveLength(1);
    expect(why[0]).toContain("Schedule of task nightly-cleanup (0 5 * * *, UTC) created by trigger-iac and no longer declared");
    expect(plan.stdout).toContain("No changes planned, but 1 object(s) no longer declared are kept");
    expect(plan.stdout).not.toContain("Live state matches");

    const json = await runInProcess(["plan", "--format", "json", "--detailed-exitcode"], { cwd, env });
    expect(json.code).toBe(2);
    const kept = (JSON.parse(json.stdout) as { changes: { address: string; action: string; notes?: { code: string }[] }[] }).changes.find(
      (c) => c.address === "prod.schedules.old-job",
    );
    expect(kept).toMatchObject({ action: "unmanaged", notes: [{ code: "kept-not-pruned" }] });

    // apply leaves it: nothing to do, nothing written.
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(0);
    expect(emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(prodSchedules()).toEqual(["(DECLARATIVE daily-report)", "iac:prod:kept", "iac:prod:old-job", "iac:staging:moved", "nightly-cleanup"]);
  });
});

// deduplicationKeys are unique per project and a create with a key used in another environment moves
// that schedule (api-behaviour.md §0 item 5). A key marked for another environment must never be sent.
const dedupConfig = (key: string) => `version: 1
project: ${FIXTURE_PROJECT}
environments:
  staging:
    schedules:
      nightly:
        task: cleanup
        cron: "0 3 * * *"
        deduplicationKey: "${key}"
`;

describe("a deduplicationKey marked for another environment", () => {
  const fixture = useFixtureWorkspace();

  it("is a config error at file:line:col, and apply sends nothing (prod's schedule stays in prod)", async () => {
    const cwd = workdir({ "trigger-iac.yaml": dedupConfig("iac:prod:nightly") });
    const env = emulatorEnv(fixture.emulator);
    const validate = await runInProcess(["validate"], { cwd, env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(/trigger-iac\.yaml:9:27: error: deduplicationKey 'iac:prod:nightly' is marked for another environment.*\[dedup-other-env\]/);
    fixture.emulator.clearRequests();
    const apply = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).not.toMatch(/\n\s+at /);
    expect(fixture.emulator.requests).toHaveLength(0);
    const prod = fixture.emulator.admin.snapshot().projects[0]?.environments.prod;
    expect(JSON.stringify(prod)).toContain("iac:prod:nightly");
  });

  it("is accepted when it names its own environment", async () => {
    const cwd = workdir({ "trigger-iac.yaml": dedupConfig("iac:staging:nightly-custom") });
    const run = await runInProcess(["validate"], { cwd, env: emulatorEnv(fixture.emulator) });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});

describe("import of a schedule whose deduplicationKey is marked for another environment", () => {
  it("leaves it out with a reason, so the imported file validates and plans clean", async () => {
    const seed = kindsSeed();
    const staging = seed.projects[0]!.environments.staging!;
    staging.schedules = [
      { task: "cleanup", cron: "0 4 * * *", deduplicationKey: "iac:prod:moved" },
      { task: "cleanup", cron: "0 5 * * *", deduplicationKey: "iac:staging:own" },
    ];
    const emu = await startEmulator({ seed });
    try {
      const cwd = workdir();
      const env = emulatorEnv(emu);
      const imported = await runInProcess(["import", "--project", FIXTURE_PROJECT, "--env", "staging", "-o", "imported.yaml"], { cwd, env });
      expect(imported.code).toBe(0);
      expect(imported.stderr + imported.stdout).toContain('deduplicationKey "iac:prod:moved")');
      expect(imported.stderr + imported.stdout).toContain("marked for another environment");
      const plan = await runInProcess(["plan", "-f", "imported.yaml", "--detailed-exitcode"], { cwd, env });
      expect(plan.stderr).toBe("");
      expect(plan.code).toBe(0);
      expect(plan.stdout).toContain("No changes. Live state matches the configuration.");
    } finally {
      await emu.close();
    }
  });
});

describe("a deduplicationKey without the iac: mark", () => {
  const fixture = useFixtureWorkspace();

  it("warns that a schedule with the same key in another environment would be moved", async () => {
    const cwd = workdir({ "trigger-iac.yaml": dedupConfig("nightly-by-hand") });
    const run = await runInProcess(["validate"], { cwd, env: emulatorEnv(fixture.emulator) });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("trigger-iac.yaml:9:27: warning: deduplicationKey without the 'iac:' prefix");
    expect(run.stderr).toContain("a schedule with this key in another environment would be moved here [dedup-unmanaged]");
  });
});
