import { afterEach, describe, expect, it } from "vitest";
import { matchesTarget } from "../src/engine/index.js";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { emulatorEnv, KINDS_CONFIG, kindsSeed, runInProcess, workdir } from "./helpers/cli-harness.js";

// --target ADDRESS (issue 12 item 9), Terraform's -target: plan and apply narrowed to addresses, end to end
// against a fresh emulator over HTTP (kindsSeed has drift of every kind in prod, none in staging).
let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function fresh() {
  emulator = await startEmulator({ seed: kindsSeed() });
  return { emulator, cwd: workdir({ "trigger-iac.yaml": KINDS_CONFIG }), env: emulatorEnv(emulator) };
}

type JsonChange = { address: string; action: string };
const actionable = (json: { changes: JsonChange[] }) =>
  json.changes.filter((c) => c.action !== "noop" && c.action !== "unmanaged").map((c) => `${c.address}:${c.action}`).sort();

describe("matchesTarget", () => {
  it("matches whole addresses, containers and globs, never a longer name", () => {
    expect(matchesTarget("prod.schedules.nightly", "prod.schedules.nightly")).toBe(true);
    expect(matchesTarget("prod.schedules.nightly", "prod.schedules.nightly-2")).toBe(false);
    expect(matchesTarget("prod.schedules.nightly", "prod.schedules.nightly.v2")).toBe(false);
    expect(matchesTarget("prod.schedules.*", "prod.schedules.a.b")).toBe(true);
    expect(matchesTarget("prod.schedules", "prod.schedules.x")).toBe(true);
    expect(matchesTarget("prod", "prod.queues.tasks.x")).toBe(true);
    expect(matchesTarget("prod.queues.tasks", "prod.queues.tasks.send-email")).toBe(true);
    expect(matchesTarget("prod.queues.tasks", "prod.queues.custom.send-email")).toBe(false);
    expect(matchesTarget("*.envVars.LOG_LEVEL", "staging.envVars.LOG_LEVEL")).toBe(true);
    expect(matchesTarget("prod.envVars.LOG_?EVEL", "prod.envVars.LOG_LEVEL")).toBe(true);
    expect(matchesTarget("prod.envVars.LOG.LEVEL", "prod.envVars.LOG_LEVEL")).toBe(false);
  });
});

describe("plan --target", () => {
  it("narrows the plan to a glob, says it is partial, and reads only the targeted environment", async () => {
    const { cwd, env } = await fresh();
    emulator!.clearRequests();
    const run = await runInProcess(["plan", "--format", "json", "--target", "prod.schedules.*"], { cwd, env });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.targets).toEqual(["prod.schedules.*"]);
    expect(json.environments).toEqual(["prod"]);
    expect(json.changes.every((c: JsonChange) => c.address.startsWith("prod.schedules."))).toBe(true);
    expect(actionable(json)).toEqual([
      "prod.schedules.fresh:create",
      "prod.schedules.gone:delete",
      "prod.schedules.nightly:update",
      "prod.schedules.weekly:replace",
    ]);
    expect(json.summary).toEqual({ create: 1, update: 1, replace: 1, delete: 1 });
    expect(json.diagnostics).toContainEqual(expect.objectContaining({ severity: "warning", code: "partial-plan" }));
    // Only prod was read: staging's credential was never used.
    expect(emulator!.requests.length).toBeGreaterThan(0);
    expect(emulator!.requests.filter((r) => r.environment === "staging")).toEqual([]);
  });

  it("text output warns that targeting is in effect; repeated targets add up", async () => {
    const { cwd, env } = await fresh();
    const run = await runInProcess(["plan", "--target", "prod.envVars.LOG_LEVEL", "--target", "prod.deployment"], { cwd, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("~ prod.envVars.LOG_LEVEL (update)");
    expect(run.stdout).toContain("~ prod.deployment (update)");
    expect(run.stdout).not.toContain("prod.schedules");
    expect(run.stdout).toContain("Resource targeting is in effect");
    expect(run.stdout).toContain("this plan is partial");
    expect(run.stdout).toContain("Plan: 0 to create, 2 to update, 0 to replace, 0 to delete.");
    // The pull-request comment says so too, with the plan narrowed the same way.
    const markdown = await runInProcess(["plan", "--format", "markdown", "--target", "prod.deployment"], { cwd, env });
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain("Resource targeting is in effect");
    expect(markdown.stdout).not.toContain("LOG_LEVEL");
  });

  it("an address that matches nothing is an error with the closest addresses; a glob only warns", async () => {
    const { cwd, env } = await fresh();
    const typo = await runInProcess(["plan", "--target", "prod.schedules.nigthly"], { cwd, env });
    expect(typo.code).toBe(1);
    expect(typo.stdout).toContain("--target prod.schedules.nigthly matches no address of the plan");
    expect(typo.stdout).toContain("did you mean prod.schedules.nightly");
    const glob = await runInProcess(["plan", "--format", "json", "--target", "prod.envVars.NOPE_*"], { cwd, env });
    expect(glob.code).toBe(0);
    const json = JSON.parse(glob.stdout);
    expect(json.changes).toEqual([]);
    expect(json.diagnostics).toContainEqual(expect.objectContaining({ severity: "warning", code: "target-matches-nothing" }));
  });

  it("refuses a malformed target and a target outside the declared environments, before any request", async () => {
    const { cwd, env } = await fresh();
    emulator!.clearRequests();
    const bad = await runInProcess(["plan", "--target", "prod..x"], { cwd, env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--target 'prod..x' is not an address");
    const dev = await runInProcess(["plan", "--target", "dev.envVars.X"], { cwd, env });
    expect(dev.code).toBe(1);
    expect(dev.stderr).toContain("names no environment the configuration declares");
    expect(emulator!.requests).toEqual([]);
  });
});

describe("apply --target", () => {
  it("changes only the targeted objects; a full plan afterwards shows the rest still to do", async () => {
    const { cwd, env } = await fresh();
    emulator!.clearRequests();
    const run = await runInProcess(["apply", "--auto-approve", "--target", "prod.envVars.NEW_VAR", "--target", "prod.schedules.nightly"], { cwd, env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Resource targeting is in effect");
    expect(run.stdout).toContain("Apply complete. 1 created, 1 updated");
    const writes = emulator!.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    expect(writes).toHaveLength(2);
    const snapshot = emulator!.admin.snapshot().projects[0].environments.prod!;
    const vars = snapshot.envVars as Record<string, unknown>;
    expect(Object.keys(vars)).toContain("NEW_VAR");
    expect(JSON.stringify(vars.LOG_LEVEL)).toContain("debug"); // not targeted: untouched
    const after = await runInProcess(["plan", "--format", "json"], { cwd, env });
    expect(actionable(JSON.parse(after.stdout))).toEqual([
      "prod.deployment:update",
      "prod.envVars.LOG_LEVEL:update",
      "prod.envVars.OLD_VAR:delete",
      "prod.queues.tasks.export:delete",
      "prod.queues.tasks.send-email:update",
      "prod.schedules.fresh:create",
      "prod.schedules.gone:delete",
      "prod.schedules.weekly:replace",
    ]);
  });

  it("a saved targeted plan applies with the same targets, and --target with --plan is refused", async () => {
    const { cwd, env } = await fresh();
    const saved = await runInProcess(["plan", "--target", "prod.queues", "--out", "q.json"], { cwd, env });
    expect(saved.code).toBe(0);
    const both = await runInProcess(["apply", "--plan", "q.json", "--target", "prod", "--auto-approve"], { cwd, env });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("--target cannot be combined with --plan");
    emulator!.clearRequests();
    const run = await runInProcess(["apply", "--plan", "q.json", "--auto-approve"], { cwd, env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("still matches live state");
    const writes = emulator!.requests.filter((r) => r.method !== "GET");
    expect(writes.every((r) => r.path.startsWith("/api/v1/queues"))).toBe(true);
    expect(writes).toHaveLength(2);
  });
});
