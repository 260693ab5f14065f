import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureRegistrations } from "./helpers/pulumi-capture.js";
import { UNKNOWN } from "./helpers/pulumi-host.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { destroy, refresh, up, urnOf } from "./helpers/pulumi-steps.js";

let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture((e) => ({ TRIGGER_SECRET_KEY_PROD: e.credentials.secretKeys.prod }));
});
afterAll(async () => {
  await f?.dispose();
});

const DEDUP = "iac:prod:cleanup";
const schedulesByKey = () =>
  (f.emulator.admin.snapshot().projects[0].environments.prod?.schedules ?? []).filter((s) => s.deduplicationKey === DEDUP);

async function declare(args: Record<string, unknown> = {}) {
  const [reg] = await captureRegistrations(
    () =>
      new f.pulumi.Schedule("cleanup", {
        project: f.projectRef,
        environment: "prod",
        key: "cleanup",
        task: "nightly-cleanup",
        cron: "0 4 * * *",
        ...args,
      }),
  );
  return reg;
}

describe("Schedule through the real dynamic-provider host, against the emulator", () => {
  it("creates, no-ops, updates, replaces on a task change, refreshes drift, deletes", async () => {
    const v1 = await declare();
    expect(v1.type).toBe("pulumi-nodejs:dynamic/triggerdev:Schedule");

    // create
    const created = await up(f.host, v1);
    expect(created.op).toBe("create");
    expect(created.state.id).toMatch(/^sched_/);
    expect(schedulesByKey()).toEqual([expect.objectContaining({ task: "nightly-cleanup", cron: "0 4 * * *", timezone: "UTC", active: true })]);
    expect(created.state.outputs).toMatchObject({ deduplicationKey: DEDUP, scheduleId: created.state.id, providerVersion: f.pulumi.PROVIDER_VERSION });

    // no-op: the diff answers from state, without a request
    f.emulator.clearRequests();
    const same = await up(f.host, await declare(), created.state);
    expect(same.op).toBe("same");
    expect(f.emulator.requests).toEqual([]);

    // update in place
    const updated = await up(f.host, await declare({ cron: "30 5 * * *", timezone: "Europe/London" }), same.state);
    expect(updated.op).toBe("update");
    expect(updated.state.id).toBe(created.state.id);
    expect(schedulesByKey()).toEqual([expect.objectContaining({ id: created.state.id, cron: "30 5 * * *", timezone: "Europe/London" })]);

    // a task change replaces (delete before create: the dedup key is the same); the new task is a scheduled
    // task of the version current in prod (checked before anything is written)
    const replaced = await up(f.host, await declare({ cron: "30 5 * * *", timezone: "Europe/London", task: "daily-report" }), updated.state);
    expect(replaced.op).toBe("replace");
    expect(replaced.state.id).not.toBe(created.state.id);
    expect(schedulesByKey()).toEqual([expect.objectContaining({ id: replaced.state.id, task: "daily-report", cron: "30 5 * * *" })]);

    // drift made in the dashboard shows on refresh, and the next up puts it back
    f.emulator.admin.upsertSchedule("prod", { id: replaced.state.id, task: "daily-report", cron: "0 6 * * *", timezone: "UTC", active: false });
    const refreshed = await refresh(f.host, replaced.state);
    expect(refreshed?.outputs).toMatchObject({ cron: "0 6 * * *", timezone: "UTC", active: false });
    expect(refreshed?.inputs).toMatchObject({ cron: "0 6 * * *", timezone: "UTC", active: false });
    const healed = await up(f.host, await declare({ cron: "30 5 * * *", timezone: "Europe/London", task: "daily-report" }), refreshed);
    expect(healed.op).toBe("update");
    expect(schedulesByKey()).toEqual([expect.objectContaining({ cron: "30 5 * * *", timezone: "Europe/London", active: true })]);

    // delete, idempotently; a refresh then drops it from state
    await destroy(f.host, healed.state);
    expect(schedulesByKey()).toEqual([]);
    await destroy(f.host, healed.state);
    expect(await refresh(f.host, healed.state)).toBeUndefined();
  });

  it("adopts (adopt: true) an existing schedule with the same deduplicationKey instead of creating a second one", async () => {
    const existing = f.emulator.admin.upsertSchedule("prod", { task: "nightly-cleanup", cron: "0 1 * * *", deduplicationKey: DEDUP });
    const created = await up(f.host, await declare({ adopt: true }));
    expect(created.state.id).toBe(existing.id);
    expect(schedulesByKey()).toEqual([expect.objectContaining({ id: existing.id, cron: "0 4 * * *" })]);
    await destroy(f.host, created.state);
    expect(schedulesByKey()).toEqual([]);
  });

  it("reports config validation issues as check failures, and tolerates preview unknowns", async () => {
    const reg = await declare({ cron: "0 4 * *", timezone: "Mars/Olympus" });
    const urn = urnOf(reg);
    const checked = await f.host.check(urn, {}, reg.object);
    expect(checked.failures.map((x) => x.property).sort()).toEqual(["cron", "timezone"]);
    expect(checked.failures.find((x) => x.property === "timezone")?.reason).toMatch(/Mars\/Olympus/);

    const unknown = await f.host.check(urn, {}, { ...reg.object, cron: UNKNOWN, timezone: "UTC" });
    expect(unknown.failures).toEqual([]);
  });

  it("diff: unknowns and a new provider version are changes; identity changes replace", async () => {
    const reg = await declare();
    const created = await up(f.host, reg);
    const { urn, id, inputs, outputs } = created.state;
    expect((await f.host.diff(urn, id, inputs, outputs, { ...inputs, cron: UNKNOWN })).changes).toBe("DIFF_SOME");
    expect((await f.host.diff(urn, id, inputs, { ...outputs, providerVersion: "0.0.1" }, inputs)).changes).toBe("DIFF_SOME");
    const moved = await f.host.diff(urn, id, inputs, outputs, { ...inputs, key: "other" });
    expect(moved).toMatchObject({ changes: "DIFF_SOME", replaces: ["key"], deleteBeforeReplace: true });

    // State written by an older release: the update rewrites the stored code and version, and writes nothing.
    f.emulator.clearRequests();
    const upgraded = await up(f.host, reg, { ...created.state, outputs: { ...outputs, providerVersion: "0.0.1" } });
    expect(upgraded.op).toBe("update");
    expect(upgraded.state.outputs.providerVersion).toBe(f.pulumi.PROVIDER_VERSION);
    expect(f.emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
    await destroy(f.host, upgraded.state);
  });
});
