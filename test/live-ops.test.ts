import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTriggerClient, HttpError, type TriggerClient } from "../src/client/index.js";
import { createApplyOps } from "../src/live/index.js";
import type { ApplyOps } from "../src/engine/ops.js";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { FIXTURE_KEYS, FIXTURE_PROJECT, kindsSeed } from "./helpers/cli-harness.js";

// createApplyOps against the emulator: each op does what apply needs, and repeats converge.
let emulator: Emulator;
let client: TriggerClient;
let ops: ApplyOps;
const prod = () => emulator.admin.snapshot().projects[0].environments.prod!;

beforeAll(async () => {
  emulator = await startEmulator({ seed: kindsSeed() });
  client = createTriggerClient({ baseUrl: emulator.url, projectRef: FIXTURE_PROJECT, credentials: { secretKeys: FIXTURE_KEYS }, retry: false });
  ops = createApplyOps(client);
});
afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

describe("createApplyOps", () => {
  it("imports env vars with their secret flag (an upsert), deletes them, and tolerates deleting twice", async () => {
    await ops.importEnvVars("prod", { A_SECRET: "s3cret-value", LOG_LEVEL: "x" }, true);
    await ops.importEnvVars("prod", { PLAIN_ONE: "one" }, false);
    const vars = prod().envVars!;
    expect(vars.A_SECRET).toEqual({ value: "s3cret-value", secret: true });
    expect(vars.PLAIN_ONE).toMatchObject({ value: "one" });
    await ops.deleteEnvVar("prod", "PLAIN_ONE");
    await ops.deleteEnvVar("prod", "PLAIN_ONE");
    // Exists in staging only: the server's 400 "value not found" is "already gone here".
    await ops.deleteEnvVar("prod", "EXTRA");
    await ops.deleteEnvVar("prod", "NEVER_EXISTED");
    expect(prod().envVars).not.toHaveProperty("PLAIN_ONE");
    expect(emulator.admin.snapshot().projects[0].environments.staging!.envVars).toHaveProperty("EXTRA");
  });

  it("creates a schedule with its dedup key (repeat = same schedule), updates every field, toggles active, deletes twice", async () => {
    const write = { task: "cleanup", cron: "0 5 * * *", timezone: "Europe/Paris", externalId: "ext-1", deduplicationKey: "iac:prod:ops-test" };
    const { id } = await ops.createSchedule("prod", write);
    expect((await ops.createSchedule("prod", write)).id).toBe(id);
    await ops.updateSchedule("prod", id, { ...write, cron: "0 6 * * *", externalId: null });
    let found = prod().schedules!.find((s) => s.deduplicationKey === "iac:prod:ops-test")!;
    expect(found).toMatchObject({ cron: "0 6 * * *", timezone: "Europe/Paris" });
    expect(found.externalId ?? null).toBeNull();
    await ops.setScheduleActive("prod", id, false);
    found = prod().schedules!.find((s) => s.deduplicationKey === "iac:prod:ops-test")!;
    expect(found.active).toBe(false);
    await ops.deleteSchedule("prod", id);
    await ops.deleteSchedule("prod", id);
    expect(prod().schedules!.some((s) => s.deduplicationKey === "iac:prod:ops-test")).toBe(false);
  });

  it("overrides, resets (twice: 'Queue is not overridden' is success), pauses and resumes queues", async () => {
    await ops.overrideQueue("prod", { type: "task", name: "send-email" }, 7);
    expect(prod().queues!.find((q) => q.name === "send-email")).toMatchObject({ override: 7 });
    await ops.resetQueue("prod", { type: "task", name: "send-email" });
    await ops.resetQueue("prod", { type: "task", name: "send-email" });
    expect(prod().queues?.find((q) => q.name === "send-email")?.override).toBeUndefined();
    await ops.setQueuePaused("prod", { type: "custom", name: "shared" }, true);
    expect(prod().queues!.find((q) => q.name === "shared")).toMatchObject({ paused: true });
    await ops.setQueuePaused("prod", { type: "custom", name: "shared" }, false);
    await expect(ops.resetQueue("prod", { type: "task", name: "no-such-queue" })).rejects.toBeInstanceOf(HttpError);
  });

  it("promotes, counts 'already current' as done, and rolls back only with allowRollbacks", async () => {
    await ops.promoteDeployment("prod", "20261102.1", false);
    await ops.promoteDeployment("prod", "20261102.1", false);
    expect(prod().current).toBe("20261102.1");
    await expect(ops.promoteDeployment("prod", "20261101.1", false)).rejects.toThrow(/older than the current deployment/);
    await ops.promoteDeployment("prod", "20261101.1", true);
    expect(prod().current).toBe("20261101.1");
  });
});
