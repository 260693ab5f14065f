import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator, EmulatorSeed, SeedTask } from "../src/testing.js";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

// product.md: a schedule's task is checked at plan time against the tasks of the deployment that will be current
// after the apply (GET /api/v1/projects/{ref}/background-workers/{env}/{version}: SCHEDULED); a replace whose
// create fails restores the deleted schedule.

const PROJECT = "proj_scheduletasksxxxxxxxx";
const KEY = "tr_prod_scheduleTasksProdKey001";
const V1: SeedTask[] = [
  { id: "cleanup", scheduled: true },
  { id: "weekly-report", scheduled: true },
  { id: "send-email" },
];
// 20261102.1 drops weekly-report and adds monthly-report.
const V2: SeedTask[] = [{ id: "cleanup", scheduled: true }, { id: "monthly-report", scheduled: true }, { id: "send-email" }];

const PAT = "tr_pat_scheduleTasksToken00000000000000000";
const seed = (): EmulatorSeed => ({
  personalAccessTokens: [{ token: PAT }],
  projects: [
    {
      ref: PROJECT,
      environments: {
        prod: {
          apiKey: KEY,
          deployments: [
            { version: "20261101.1", createdAt: "2026-11-01T00:00:00.000Z", tasks: V1 },
            { version: "20261102.1", createdAt: "2026-11-02T00:00:00.000Z", tasks: V2 },
          ],
          current: "20261101.1",
          schedules: [
            // Live, deactivated, with an externalId and a timezone: a failed replace must bring all of it back.
            { task: "weekly-report", cron: "0 8 * * 1", timezone: "Europe/Paris", externalId: "tenant-7", active: false, deduplicationKey: "iac:prod:report" },
          ],
        },
      },
    },
  ],
});

const config = (schedules: string, deployment = "") =>
  `version: 1\nproject: ${PROJECT}\nenvironments:\n  prod:\n${deployment}    schedules:\n${schedules}`;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: seed() });
});
afterAll(async () => {
  await emulator.close();
});

const run = (argv: string[], text: string) =>
  runInProcess(argv, { cwd: workdir({ "trigger-iac.yaml": text }), env: { TRIGGER_API_URL: emulator.url, TRIGGER_SECRET_KEY_PROD: KEY } });
const writes = () => emulator.requests.filter((r) => r.method !== "GET");
const liveSchedules = () => emulator.admin.snapshot().projects[0]!.environments.prod!.schedules ?? [];

describe("plan-time task check", () => {
  test("an unknown task is a plan error at the schedule's file:line:col, with a did-you-mean over scheduled tasks", async () => {
    const text = config(`      nightly:\n        task: cleanp\n        cron: "0 3 * * *"\n`);
    emulator.clearRequests();
    const plan = await run(["plan"], text);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain("prod.schedules.nightly [schedule-task-unknown]: Task cleanp is not a task of version 20261101.1 (current in prod). Did you mean 'cleanup'?");
    expect(plan.stdout).toContain("(trigger-iac.yaml:6:7)");
    // One worker lookup for the environment, for the current version.
    expect(emulator.requests.filter((r) => r.path.includes("/background-workers/")).map((r) => r.path)).toEqual([
      `/api/v1/projects/${PROJECT}/background-workers/prod/20261101.1`,
    ]);
    const apply = await run(["apply", "--auto-approve"], text);
    expect(apply.code).toBe(1);
    expect(writes()).toEqual([]);
  });

  test("with a personal access token and no declared version: one workers/current request gives version and tasks", async () => {
    const text = config(`      nightly:\n        task: cleanp\n        cron: "0 3 * * *"\n`);
    emulator.clearRequests();
    const plan = await runInProcess(["plan"], { cwd: workdir({ "trigger-iac.yaml": text }), env: { TRIGGER_API_URL: emulator.url, TRIGGER_ACCESS_TOKEN: PAT } });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain("Task cleanp is not a task of version 20261101.1 (current in prod). Did you mean 'cleanup'?");
    const paths = emulator.requests.map((r) => r.path);
    expect(paths.filter((p) => p.includes("/workers/") || p.includes("/background-workers/") || p.includes("/deployments"))).toEqual([
      `/api/v1/projects/${PROJECT}/prod/workers/current`,
    ]);
  });

  test("a task that is not a scheduled task is refused too (the server's 422 would come only at apply time)", async () => {
    const plan = await run(["plan", "--format", "json"], config(`      mail:\n        task: send-email\n        cron: "0 3 * * *"\n`));
    expect(plan.code).toBe(1);
    const diagnostics = JSON.parse(plan.stdout).diagnostics as { code: string; message: string; source?: { line: number } }[];
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: "schedule-task-not-scheduled",
        message: expect.stringMatching(/^Task send-email is not a scheduled task in version 20261101\.1 .*Its scheduled tasks: cleanup, weekly-report\.$/),
        source: { file: "trigger-iac.yaml", line: 6, col: 7 },
      }),
    ]);
  });

  test("with a declared version, the tasks of that version count: the plan promotes it before the schedules", async () => {
    const promote = '    deployment: { version: "20261102.1" }\n';
    const added = await run(["plan"], config(`      monthly:\n        task: monthly-report\n        cron: "0 3 1 * *"\n      report:\n        task: weekly-report\n        cron: "0 8 * * 1"\n        timezone: Europe/Paris\n        externalId: tenant-7\n        active: false\n`, promote));
    expect(added.code).toBe(1);
    expect(added.stdout).toContain(
      "prod.schedules.report [schedule-task-unknown]: Task weekly-report is not a task of version 20261102.1 (promoted by this plan in prod). " +
        "Its scheduled tasks: cleanup, monthly-report. (trigger-iac.yaml:10:7)",
    );
    expect(added.stdout).not.toContain("Task monthly-report");
  });

  test("a replace whose create fails restores the deleted schedule and says so", async () => {
    // The task check passes (cleanup is scheduled); the create is refused once by the server (a 503).
    const faulty = await startEmulator({
      seed: seed(),
      faults: [{ kind: "503", probability: 1, method: "POST", pathPrefix: "/api/v1/schedules", times: 1 }],
    });
    try {
      const text = config(`      report:\n        task: cleanup\n        cron: "0 8 * * 1"\n        timezone: Europe/Paris\n        externalId: tenant-7\n        active: false\n`);
      const before = faulty.admin.snapshot().projects[0]!.environments.prod!.schedules![0]!;
      const result = await runInProcess(["apply", "--auto-approve"], {
        cwd: workdir({ "trigger-iac.yaml": text }),
        env: { TRIGGER_API_URL: faulty.url, TRIGGER_SECRET_KEY_PROD: KEY },
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("prod.schedules.report: replace failed at createSchedule");
      expect(result.stdout).toContain(
        "The deleted schedule was restored as it was (task weekly-report, cron 0 8 * * 1, timezone Europe/Paris, externalId tenant-7, inactive, deduplicationKey iac:prod:report)",
      );
      const after = faulty.admin.snapshot().projects[0]!.environments.prod!.schedules!;
      expect(after).toEqual([
        expect.objectContaining({ task: "weekly-report", cron: "0 8 * * 1", timezone: "Europe/Paris", externalId: "tenant-7", active: false, deduplicationKey: "iac:prod:report" }),
      ]);
      expect(after[0]!.id).not.toBe(before.id);
      // Re-running converges: the replace happens now.
      const again = await runInProcess(["apply", "--auto-approve"], { cwd: workdir({ "trigger-iac.yaml": text }), env: { TRIGGER_API_URL: faulty.url, TRIGGER_SECRET_KEY_PROD: KEY } });
      expect(again.code, again.stdout).toBe(0);
      expect(faulty.admin.snapshot().projects[0]!.environments.prod!.schedules).toEqual([
        expect.objectContaining({ task: "cleanup", active: false, deduplicationKey: "iac:prod:report" }),
      ]);
    } finally {
      await faulty.close();
    }
  });

  test("a valid configuration plans and applies with the schedules' tasks checked", async () => {
    const text = config(`      nightly:\n        task: cleanup\n        cron: "0 3 * * *"\n`);
    const applied = await run(["apply", "--auto-approve"], text);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(liveSchedules().some((s) => s.deduplicationKey === "iac:prod:nightly")).toBe(true);
  });
});
