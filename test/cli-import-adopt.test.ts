import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { emulatorEnv, FIXTURE_PROJECT, KINDS_CONFIG, kindsSeed, runInProcess, workdir } from "./helpers/cli-harness.js";

// `import` next to an existing config, and adopting schedules made by hand (issue 12 item 13), end to end
// against a fresh emulator per test (kindsSeed: prod has a hand-made schedule, digest at "0 9 * * *").
let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const SECRET = "imp0rt-secret-value-5b1d";
const WITH_FROM_ENV = KINDS_CONFIG.replace("      NEW_VAR: hello\n", "      NEW_VAR: hello\n      FROM_CI: { fromEnv: NOT_SET_HERE }\n");

describe("import without --project", () => {
  it("takes project and environments from the existing config; the written file plans clean with no warning", async () => {
    emulator = await startEmulator({ seed: kindsSeed() });
    emulator.admin.setEnvVar("prod", "API_KEY", SECRET, { secret: true });
    const cwd = workdir({ "trigger-iac.yaml": WITH_FROM_ENV });
    const env = emulatorEnv(emulator);
    const run = await runInProcess(["import", "-o", "imported.yaml"], { cwd, env });
    expect(run.code).toBe(0);
    // The unset fromEnv of the existing file does not matter: only its project is read.
    expect(run.stderr).toContain(`Importing ${FIXTURE_PROJECT} (staging, prod), the project of trigger-iac.yaml.`);
    expect(run.stderr).toContain("PROD_API_KEY  (prod.envVars.API_KEY)");
    const text = readFileSync(join(cwd, "imported.yaml"), "utf8");
    expect(text).toContain(`project: ${FIXTURE_PROJECT}`);
    expect(text).toContain("deduplicationKey: hand-made");
    expect(text).not.toContain(SECRET);

    const planEnv = { ...env, PROD_API_KEY: SECRET };
    const plan = await runInProcess(["plan", "-f", "imported.yaml", "--detailed-exitcode", "--format", "json"], { cwd, env: planEnv });
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout);
    expect(json.diagnostics).toEqual([]);
    expect(json.changes.filter((c: { action: string }) => !["noop", "unmanaged"].includes(c.action))).toEqual([]);
    expect(json.changes.find((c: { address: string }) => c.address === "prod.schedules.hand-made")).toMatchObject({ action: "noop" });
    const text2 = await runInProcess(["plan", "-f", "imported.yaml"], { cwd, env: planEnv });
    expect(text2.stdout).toContain("No changes.");
    expect(text2.stdout).not.toMatch(/warning/i);
  });

  it("--env narrows the environments; a config for another project says where project: is", async () => {
    emulator = await startEmulator({ seed: kindsSeed() });
    const env = emulatorEnv(emulator, {}, true);
    const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });
    const out = await runInProcess(["import", "--env", "staging"], { cwd, env });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("staging:");
    expect(out.stdout).not.toContain("prod:");
    const typo = workdir({ "trigger-iac.yaml": KINDS_CONFIG.replace(FIXTURE_PROJECT, "proj_otherone") });
    const refused = await runInProcess(["import", "-o", "x.yaml"], { cwd: typo, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Project not found");
    expect(refused.stderr).toMatch(/Check project: in trigger-iac\.yaml:2:\d+ \(proj_otherone\)/);
    expect(refused.stderr).toContain("TRIGGER_ACCESS_TOKEN");
    expect(refused.stderr).not.toContain(emulator.credentials.accessToken);
    expect(existsSync(join(typo, "x.yaml"))).toBe(false);
    const flag = await runInProcess(["import", "--project", "proj_otherone", "--env", "prod"], { cwd, env });
    expect(flag.stderr).toContain("Check --project (proj_otherone)");
  });

  it("without a config and without --project it asks for --project; a broken config shows its errors", async () => {
    const none = await runInProcess(["import", "--env", "prod"], { cwd: workdir() });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("--project REF is required");
    const broken = workdir({ "trigger-iac.yaml": "version: 1\nproject: proj_abc\nenvironments:\n  prod:\n    nope: 1\n" });
    const bad = await runInProcess(["import"], { cwd: broken });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/trigger-iac\.yaml:5:\d+: error/);
    expect(bad.stderr).toContain("import needs --project REF, or a valid configuration");
  });
});

describe("adopting a schedule made by hand", () => {
  const blast = (extra = "") => KINDS_CONFIG.replace("    schedules:\n", `    schedules:\n      blast: { task: digest, cron: "0 9 * * *"${extra} }\n`);

  it("a new schedule with the same task and cron as an unmanaged one says how to adopt it", async () => {
    emulator = await startEmulator({ seed: kindsSeed() });
    const cwd = workdir({ "trigger-iac.yaml": blast() });
    const run = await runInProcess(["plan", "--format", "json", "--env", "prod"], { cwd, env: emulatorEnv(emulator) });
    expect(run.code).toBe(0);
    const change = JSON.parse(run.stdout).changes.find((c: { address: string }) => c.address === "prod.schedules.blast");
    expect(change.action).toBe("create");
    expect(change.notes).toEqual([
      expect.objectContaining({ level: "warning", code: "adoption-hint", message: expect.stringContaining('add `deduplicationKey: "hand-made"` to this schedule') }),
    ]);
    const text = await runInProcess(["plan", "--env", "prod"], { cwd, env: emulatorEnv(emulator) });
    expect(text.stdout).toMatch(/\+ prod\.schedules\.blast \(create\)\n(.*\n)*\s+! An unmanaged schedule sched_\w+ already runs task digest on "0 9 \* \* \*"/);
  });

  it("following the hint adopts it: no create, no warning, and apply writes nothing to it", async () => {
    emulator = await startEmulator({ seed: kindsSeed() });
    const cwd = workdir({ "trigger-iac.yaml": blast(", deduplicationKey: hand-made") });
    const env = emulatorEnv(emulator);
    const run = await runInProcess(["plan", "--format", "json", "--env", "prod"], { cwd, env });
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout);
    expect(json.changes.find((c: { address: string }) => c.address === "prod.schedules.blast")).toMatchObject({ action: "noop" });
    expect(json.changes.some((c: { notes?: { code: string }[] }) => c.notes?.some((n) => n.code === "adoption-hint"))).toBe(false);
    // Offline, validate cannot know the schedule exists, so it still warns.
    expect((await runInProcess(["validate"], { cwd, env })).stderr).toContain("dedup-unmanaged");
    // A new schedule with an unmarked key, that does not exist yet, keeps the warning at plan time too.
    const fresh = workdir({ "trigger-iac.yaml": blast(", deduplicationKey: brand-new-key") });
    const planned = await runInProcess(["plan", "--env", "prod"], { cwd: fresh, env });
    expect(planned.stderr).toContain("dedup-unmanaged");
  });

  it("a hand-made schedule without a deduplicationKey cannot be adopted, and the hint says so", async () => {
    emulator = await startEmulator({ seed: kindsSeed() });
    emulator.admin.upsertSchedule("prod", { task: "report-a", cron: "15 4 * * *" });
    const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG.replace("    schedules:\n", '    schedules:\n      early: { task: report-a, cron: "15 4 * * *" }\n') });
    const run = await runInProcess(["plan", "--format", "json", "--env", "prod"], { cwd, env: emulatorEnv(emulator) });
    const change = JSON.parse(run.stdout).changes.find((c: { address: string }) => c.address === "prod.schedules.early");
    expect(change.notes[0].message).toContain("It has no deduplicationKey, so it cannot be adopted");
  });
});
