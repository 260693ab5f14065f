import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed, SeedDeployment } from "../src/emulator/types.js";
import { emulatorEnv, runInProcess, workdir } from "./helpers/cli-harness.js";

// import -> file -> plan: the imported configuration plans clean against the project it came from.
const deployment = (version: string): SeedDeployment => ({
  version,
  createdAt: `2026-11-0${version.slice(-1)}T00:00:00.000Z`,
  tasks: [
    { id: "cleanup", scheduled: true },
    { id: "report", scheduled: true },
    { id: "pulse", scheduled: true, cron: "*/15 * * * *" },
    { id: "send-email", concurrencyLimit: 10 },
    { id: "resize", concurrencyLimit: 4 },
  ],
  queues: [{ name: "exports/shared", concurrencyLimit: 5 }],
});

const SECRETS = { stripe: "sk_live_importSecret_9999", token: "staging-token-secret-8888" };

const seed: EmulatorSeed = {
  personalAccessTokens: [{ token: "tr_pat_importRoundTripToken0000000000000" }],
  projects: [
    {
      ref: "proj_importroundtrip",
      environments: {
        staging: {
          apiKey: "tr_stg_importRoundTripStaging000",
          deployments: [deployment("20261101.1")],
          current: "20261101.1",
          envVars: { LOG_LEVEL: "debug", API_TOKEN: { value: SECRETS.token, secret: true }, "yes": "true", MULTI: "a: b # not a comment" },
          schedules: [{ task: "cleanup", cron: "0 4 * * *", deduplicationKey: "iac:staging:nightly" }],
        },
        prod: {
          apiKey: "tr_prod_importRoundTripProd00000",
          deployments: [deployment("20261101.1"), deployment("20261102.2")],
          current: "20261102.2",
          envVars: { LOG_LEVEL: "warn", STRIPE_KEY: { value: SECRETS.stripe, secret: true }, NUMBERISH: "0012" },
          schedules: [
            { task: "cleanup", cron: "0 3 * * *", timezone: "Europe/London", deduplicationKey: "iac:prod:nightly" },
            { task: "report", cron: "0 8 * * 1", externalId: "customer-42", active: false, deduplicationKey: "iac:prod:weekly" },
            { task: "report", cron: "30 9 * * 5", deduplicationKey: "marketing/friday-blast" },
            { task: "report", cron: "45 9 * * 5", deduplicationKey: "Has Spaces" },
            { task: "report", cron: "0 12 * * *", deduplicationKey: "iac:staging:moved-here" },
            { task: "cleanup", cron: "0 0 1 * *" },
          ],
          queues: [
            { type: "task", name: "send-email", override: 25, overriddenBy: "Dana" },
            { type: "custom", name: "exports/shared", override: 2 },
            { type: "task", name: "resize", paused: true },
          ],
        },
      },
    },
  ],
};

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed });
});
afterAll(async () => {
  await emulator?.close();
});

describe("import", () => {
  it("writes a config that plans clean, with secrets as fromEnv references and no secret value", async () => {
    const cwd = workdir();
    const env = emulatorEnv(emulator, {}, true);
    const run = await runInProcess(["import", "--project", "proj_importroundtrip", "--env", "prod", "--env", "staging", "-o", "trigger-iac.yaml"], { cwd, env });
    expect(run.stderr).toContain("Wrote trigger-iac.yaml");
    expect(run.code).toBe(0);
    const text = readFileSync(join(cwd, "trigger-iac.yaml"), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./node_modules/trigger-iac/schemas/trigger-iac.schema.json");
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(run.stderr).toContain("PROD_STRIPE_KEY  (prod.envVars.STRIPE_KEY)");
    expect(run.stderr).toContain("STAGING_API_TOKEN  (staging.envVars.API_TOKEN)");
    // The declarative schedule, the one without a deduplicationKey and the one whose key has spaces are
    // reported, not imported.
    expect(run.stderr).toMatch(/prod: schedule sched_\w+ \(task pulse\): declarative/);
    expect(run.stderr).toMatch(/prod: schedule sched_\w+ \(task cleanup\): created without a deduplicationKey/);
    expect(run.stderr).toMatch(/prod: schedule sched_\w+ \(task report, deduplicationKey "Has Spaces"\): its deduplicationKey has spaces/);

    const doc = parse(text.split("\n").slice(1).join("\n"));
    expect(doc.environments.staging).not.toHaveProperty("prune");
    expect(doc.environments.prod.deployment).toEqual({ version: "20261102.2" });
    expect(doc.environments.prod.envVars).toMatchObject({ LOG_LEVEL: "warn", NUMBERISH: "0012", STRIPE_KEY: { fromEnv: "PROD_STRIPE_KEY", secret: true } });
    expect(doc.environments.staging.envVars).toMatchObject({ yes: "true", MULTI: "a: b # not a comment" });
    expect(doc.environments.prod.queues).toEqual({
      tasks: { "send-email": { concurrencyLimit: 25 }, resize: { paused: true } },
      custom: { "exports/shared": { concurrencyLimit: 2 } },
    });
    const schedules = doc.environments.prod.schedules;
    // Managed schedules keep their key and the default deduplicationKey; user-keyed ones state theirs.
    expect(schedules.nightly).toEqual({ task: "cleanup", cron: "0 3 * * *", timezone: "Europe/London" });
    expect(schedules.weekly).toEqual({ task: "report", cron: "0 8 * * 1", externalId: "customer-42", active: false });
    expect(schedules["marketing-friday-blast"]).toMatchObject({ deduplicationKey: "marketing/friday-blast" });
    // A key marked for another environment is not declarable (creating it would move that environment's schedule).
    expect(run.stderr).toMatch(/prod: schedule sched_\w+ \(task report, deduplicationKey "iac:staging:moved-here"\): its deduplicationKey is marked for another environment/);
    expect(Object.keys(schedules)).toHaveLength(3);

    // The round trip: with the secret values provided, the imported file plans clean.
    const planEnv = { ...emulatorEnv(emulator), PROD_STRIPE_KEY: SECRETS.stripe, STAGING_API_TOKEN: SECRETS.token };
    const validate = await runInProcess(["validate"], { cwd, env: planEnv });
    expect(validate.stderr).not.toContain("error");
    expect(validate.code).toBe(0);
    const plan = await runInProcess(["plan", "--detailed-exitcode", "--format", "json"], { cwd, env: planEnv });
    // No warning either (issue 12 item 13): the user-keyed schedules exist in their own environment, so the
    // dedup-unmanaged warning (a create could move another environment's schedule) does not apply to them.
    expect(plan.stderr).toBe("");
    const json = JSON.parse(plan.stdout);
    expect(json.changes.filter((c: { action: string }) => !["noop", "unmanaged"].includes(c.action))).toEqual([]);
    expect(json.diagnostics).toEqual([]);
    expect(plan.code).toBe(0);
    // Only the skipped schedules are left unmanaged: four in prod, staging's declarative one.
    expect(json.changes.filter((c: { action: string }) => c.action === "unmanaged")).toHaveLength(5);
  });

  it("prints to stdout by default, never overwrites a file, and needs --project and --env", async () => {
    const cwd = workdir({ "exists.yaml": "keep me\n" });
    const env = emulatorEnv(emulator);
    const out = await runInProcess(["import", "--project", "proj_importroundtrip", "--env", "staging"], { cwd, env });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("project: proj_importroundtrip");
    expect(out.stdout).toContain("nightly:");
    const clobber = await runInProcess(["import", "--project", "proj_importroundtrip", "--env", "staging", "-o", "exists.yaml"], { cwd, env });
    expect(clobber.code).toBe(1);
    expect(clobber.stderr).toContain("exists.yaml already exists");
    expect(readFileSync(join(cwd, "exists.yaml"), "utf8")).toBe("keep me\n");
    expect((await runInProcess(["import", "--env", "staging"], { cwd, env })).stderr).toContain("--project REF is required");
    expect((await runInProcess(["import", "--project", "proj_importroundtrip"], { cwd, env })).stderr).toContain("--env NAME is required");
  });
});
