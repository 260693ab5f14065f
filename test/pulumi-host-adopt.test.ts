import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureRegistrations } from "./helpers/pulumi-capture.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { destroy, up, urnOf } from "./helpers/pulumi-steps.js";

// Ownership in Pulumi (issue 8 §3): `create` of an object that already exists must not silently adopt it (a later
// destroy would delete what Pulumi never made). Refused by default; adopted with `adopt: true`, with a warning.
// Through the real dynamic-provider host, against the emulator.
let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture((e) => ({ TRIGGER_SECRET_KEY_PROD: e.credentials.secretKeys.prod }));
});
afterAll(async () => {
  await f?.dispose();
});

const prod = () => f.emulator.admin.snapshot().projects[0].environments.prod!;
const writes = () => f.emulator.requests.filter((r) => r.method !== "GET");
const common = () => ({ project: f.projectRef, environment: "prod" as const });

async function declare(make: () => unknown) {
  const [reg] = await captureRegistrations(make);
  return reg;
}

describe("create refuses an object that already exists", () => {
  it("Schedule: refused without adopt, nothing written; adopted with adopt: true (warning logged), destroy deletes it", async () => {
    const existing = f.emulator.admin.upsertSchedule("prod", { task: "nightly-cleanup", cron: "0 1 * * *", deduplicationKey: "iac:prod:hand-over" });
    const args = { ...common(), key: "hand-over", task: "nightly-cleanup", cron: "0 4 * * *" };
    f.emulator.clearRequests();
    const refused = await up(f.host, await declare(() => new f.pulumi.Schedule("hand-over", args))).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain(`Schedule ${existing.id} (deduplicationKey iac:prod:hand-over, task nightly-cleanup, 0 1 * * *) in prod already exists, and Pulumi did not create it`);
    expect((refused as Error).message).toContain("set adopt: true on this resource");
    expect(writes()).toEqual([]);
    expect(prod().schedules?.find((s) => s.deduplicationKey === "iac:prod:hand-over")).toMatchObject({ cron: "0 1 * * *" });

    const adopted = await up(f.host, await declare(() => new f.pulumi.Schedule("hand-over", { ...args, adopt: true })));
    expect(adopted.state.id).toBe(existing.id);
    expect(f.host.output.join("\n")).toContain(`trigger-iac: adopting Schedule ${existing.id}`);
    expect(prod().schedules?.find((s) => s.deduplicationKey === "iac:prod:hand-over")).toMatchObject({ cron: "0 4 * * *" });
    await destroy(f.host, adopted.state);
    expect(prod().schedules?.find((s) => s.deduplicationKey === "iac:prod:hand-over")).toBeUndefined();
  });

  it("Schedule: a new one is created without adopt", async () => {
    const created = await up(f.host, await declare(() => new f.pulumi.Schedule("fresh", { ...common(), key: "fresh", task: "nightly-cleanup", cron: "0 2 * * *" })));
    expect(created.op).toBe("create");
    await destroy(f.host, created.state);
  });

  it("EnvVar: refused without adopt, the value untouched; adopted with adopt: true", async () => {
    const refused = await up(f.host, await declare(() => new f.pulumi.EnvVar("log", { ...common(), name: "LOG_LEVEL", value: "debug" }))).catch((e: Error) => e);
    expect((refused as Error).message).toContain("Environment variable LOG_LEVEL in prod already exists, and Pulumi did not create it");
    expect(prod().envVars?.LOG_LEVEL).toEqual({ value: "warn", secret: false });

    const adopted = await up(f.host, await declare(() => new f.pulumi.EnvVar("log", { ...common(), name: "LOG_LEVEL", value: "debug", adopt: true })));
    expect(adopted.op).toBe("create");
    expect(prod().envVars?.LOG_LEVEL).toEqual({ value: "debug", secret: false });
    expect(f.host.output.join("\n")).toContain("trigger-iac: adopting Environment variable LOG_LEVEL in prod");
  });

  it("QueueSetting: a live override Pulumi did not set is refused without adopt; adopted with adopt: true", async () => {
    f.emulator.admin.overrideQueue("prod", { type: "task", name: "send-email" }, 7, { by: "Dana" });
    const args = { ...common(), queue: { task: "send-email" }, concurrencyLimit: 20 };
    const refused = await up(f.host, await declare(() => new f.pulumi.QueueSetting("email", args))).catch((e: Error) => e);
    expect((refused as Error).message).toContain("The concurrency override 7 of prod.queues.tasks.send-email, set by Dana already exists");
    expect(prod().queues?.find((q) => q.name === "send-email")).toMatchObject({ override: 7 });

    const adopted = await up(f.host, await declare(() => new f.pulumi.QueueSetting("email", { ...args, adopt: true })));
    expect(prod().queues?.find((q) => q.name === "send-email")).toMatchObject({ override: 20 });
    await destroy(f.host, adopted.state);
  });
});

describe("Pulumi's import resource option", () => {
  it("cannot reach a dynamic resource: the host's import read carries no provider code (hence adopt)", async () => {
    // What the engine's ImportStep sends (shared/reference/pulumi-dynamic.md §4): Read with an id, no inputs, no state.
    const reg = await declare(() => new f.pulumi.Schedule("imported", { ...common(), key: "imported", task: "nightly-cleanup", cron: "0 4 * * *" }));
    const existing = f.emulator.admin.upsertSchedule("prod", { task: "nightly-cleanup", cron: "0 4 * * *", deduplicationKey: "iac:prod:imported" });
    const read = f.host.read(urnOf(reg), existing.id, {}, {});
    await expect(read).rejects.toThrow(/code must be a string/);
  });
});
