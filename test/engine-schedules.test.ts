import { describe, expect, it } from "vitest";
import { planChanges } from "../src/engine/plan.js";
import { diffSchedule, liveScheduleKey } from "../src/engine/diff-schedule.js";
import { desiredEnv, desiredState, liveEnv, liveManagedSchedule, liveSchedule, liveState, schedule, schedules } from "./helpers/builders.js";

const plan1 = (desired: Parameters<typeof desiredEnv>[1], live: Parameters<typeof liveEnv>[1]) =>
  planChanges(desiredState(desiredEnv("prod", desired)), liveState(liveEnv("prod", live)));

describe("schedule planning", () => {
  it("creates a declared schedule that has no live match, with every field", () => {
    const plan = plan1({ schedules: schedules(schedule("prod", "nightly", { timezone: "Europe/London" })) }, { schedules: [] });
    expect(plan.changes).toHaveLength(1);
    const [change] = plan.changes;
    expect(change).toMatchObject({ address: "prod.schedules.nightly", kind: "schedule", action: "create" });
    expect(change.fields).toEqual([
      { path: "task", before: null, after: "cleanup", sensitive: false },
      { path: "cron", before: null, after: "0 3 * * *", sensitive: false },
      { path: "timezone", before: null, after: "Europe/London", sensitive: false },
      { path: "externalId", before: null, after: null, sensitive: false },
      { path: "active", before: null, after: true, sensitive: false },
      { path: "deduplicationKey", before: null, after: "iac:prod:nightly", sensitive: false },
    ]);
  });

  it("matches by deduplicationKey and updates cron, timezone and externalId", () => {
    const live = liveManagedSchedule("prod", "nightly", { id: "sched_1", cron: "0 4 * * *", externalId: "old" });
    const plan = plan1(
      { schedules: schedules(schedule("prod", "nightly", { timezone: "Europe/London", externalId: "tenant-1" })) },
      { schedules: [live] },
    );
    expect(plan.changes[0]).toMatchObject({ action: "update", remoteId: "sched_1" });
    expect(plan.changes[0].fields).toEqual([
      { path: "cron", before: "0 4 * * *", after: "0 3 * * *", sensitive: false },
      { path: "timezone", before: "UTC", after: "Europe/London", sensitive: false },
      { path: "externalId", before: "old", after: "tenant-1", sensitive: false },
    ]);
  });

  it("handles active as a field of an update", () => {
    const plan = plan1(
      { schedules: schedules(schedule("prod", "nightly", { active: false })) },
      { schedules: [liveManagedSchedule("prod", "nightly")] },
    );
    expect(plan.changes[0].action).toBe("update");
    expect(plan.changes[0].fields).toEqual([{ path: "active", before: true, after: false, sensitive: false }]);
  });

  it("replaces a schedule whose task changed (the server never changes the task)", () => {
    const plan = plan1(
      { schedules: schedules(schedule("prod", "nightly", { task: "cleanup-v2" })) },
      { schedules: [liveManagedSchedule("prod", "nightly", { id: "sched_9" })] },
    );
    expect(plan.changes[0]).toMatchObject({ action: "replace", remoteId: "sched_9" });
    expect(plan.changes[0].fields).toEqual([{ path: "task", before: "cleanup", after: "cleanup-v2", sensitive: false }]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 1, delete: 0 });
  });

  it("is a noop when equal, treating an empty externalId like none", () => {
    const plan = plan1(
      { schedules: schedules(schedule("prod", "nightly", { externalId: "" })) },
      { schedules: [liveManagedSchedule("prod", "nightly")] },
    );
    expect(plan.changes.map((c) => c.action)).toEqual(["noop"]);
  });

  it("uses a custom deduplicationKey for matching", () => {
    const live = liveSchedule({ id: "sched_c", deduplicationKey: "legacy-key" });
    const plan = plan1({ schedules: schedules(schedule("prod", "nightly", { deduplicationKey: "legacy-key" })) }, { schedules: [live] });
    expect(plan.changes.map((c) => [c.address, c.action, c.remoteId])).toEqual([["prod.schedules.nightly", "noop", "sched_c"]]);
  });

  it("lists declarative schedules as unmanaged read-only, even with prune", () => {
    const declarative = liveSchedule({ id: "sched_decl", type: "DECLARATIVE", task: "report" });
    const plan = plan1({ prune: { schedules: true }, schedules: {} }, { schedules: [declarative] });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ address: "prod.schedules.sched_decl", action: "unmanaged", remoteId: "sched_decl" });
    expect(plan.changes[0].notes?.[0]).toMatchObject({ code: "read-only" });
  });

  it("deletes managed undeclared schedules only with prune", () => {
    const managed = liveManagedSchedule("prod", "old-job", { id: "sched_old" });
    const foreign = liveSchedule({ id: "sched_foreign", deduplicationKey: "someone-else" });
    const otherEnv = liveSchedule({ id: "sched_stg", deduplicationKey: "iac:staging:old-job" });
    const noKey = liveSchedule({ id: "sched_nokey" });
    const all = [managed, foreign, otherEnv, noKey];
    const keep = plan1({ schedules: {} }, { schedules: all });
    expect(keep.changes.every((c) => c.action === "unmanaged")).toBe(true);
    expect(keep.summary.delete).toBe(0);
    const prune = plan1({ prune: { schedules: true }, schedules: {} }, { schedules: all });
    expect(prune.changes.map((c) => [c.address, c.action])).toEqual([
      ["prod.schedules.old-job", "delete"],
      ["prod.schedules.sched_foreign", "unmanaged"],
      ["prod.schedules.sched_nokey", "unmanaged"],
      ["prod.schedules.sched_stg", "unmanaged"],
    ]);
    expect(prune.changes[0].remoteId).toBe("sched_old");
  });

  it("says what an undeclared schedule is, and why an owned one is kept when prune.schedules is false", () => {
    const managed = liveManagedSchedule("prod", "old-job", { id: "sched_old", task: "sync", cron: "0 * * * *", timezone: "UTC" });
    const foreign = liveSchedule({ id: "sched_foreign", deduplicationKey: "someone-else", task: "sync", cron: "5 4 * * *", timezone: "Europe/Paris" });
    const noKey = liveSchedule({ id: "sched_nokey", task: "sync", cron: "5 4 * * *", timezone: "UTC" });
    const plan = plan1({ schedules: {} }, { schedules: [managed, foreign, noKey] });
    expect(plan.changes.map((c) => c.notes?.map((n) => `${n.code}: ${n.message}`))).toEqual([
      ["kept-not-pruned: Schedule of task sync (0 * * * *, UTC) created by trigger-iac and no longer declared: kept because prune.schedules is false (remove that setting to delete it)."],
      ["not-declared: Schedule of task sync (5 4 * * *, Europe/Paris) created outside trigger-iac (deduplicationKey someone-else): never changed or deleted."],
      ["not-declared: Schedule of task sync (5 4 * * *, UTC) created outside trigger-iac (no deduplicationKey): never changed or deleted."],
    ]);
  });

  it("derives live addresses from the managed key or the id", () => {
    expect(liveScheduleKey("prod", liveManagedSchedule("prod", "a.b"))).toBe("a.b");
    expect(liveScheduleKey("prod", liveSchedule({ id: "sched_x", deduplicationKey: "iac:dev:a" }))).toBe("sched_x");
  });

  it("is reusable one schedule at a time", () => {
    expect(diffSchedule("dev", schedule("dev", "k"), undefined).change?.action).toBe("create");
    expect(diffSchedule("dev", undefined, liveManagedSchedule("dev", "k"), true).change?.action).toBe("delete");
    expect(diffSchedule("dev", undefined, undefined)).toEqual({ diagnostics: [] });
  });

  it("does not manage schedules when the section is omitted", () => {
    expect(plan1({ prune: { schedules: true } }, { schedules: [liveManagedSchedule("prod", "x")] }).changes).toEqual([]);
  });
});
