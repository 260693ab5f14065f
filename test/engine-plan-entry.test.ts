import { describe, expect, it } from "vitest";
import { applyPlan } from "../src/engine/apply.js";
import { planChanges } from "../src/engine/plan.js";
import { createApplyOps, readLive } from "../src/live/index.js";
import { addressOf, collectionAddress, isActionable, targetOfAddress, type ChangeTarget } from "../src/model/plan.js";
import { matchesTarget } from "../src/engine/target.js";
import { parsePlanJson, PlanFormatError, renderJson } from "../src/render/index.js";
import { FIXTURE_PROJECT, kindsSeed } from "./helpers/cli-harness.js";
import { useEmulatorClient } from "./helpers/client-emulator-helpers.js";
import { desiredEnv, desiredState, queue, schedule, schedules } from "./helpers/builders.js";

// Issue 14 item 1: a plan entry carries its identity as a typed target (the address is spelled from it), and
// apply writes what the entry holds.

describe("change targets and addresses", () => {
  const cases: [ChangeTarget, string][] = [
    [{ kind: "schedule", key: "nightly.cleanup" }, "prod.schedules.nightly.cleanup"],
    [{ kind: "envVar", name: "LOG_LEVEL" }, "prod.envVars.LOG_LEVEL"],
    [{ kind: "queue", type: "task", name: "send-email" }, "prod.queues.tasks.send-email"],
    [{ kind: "queue", type: "custom", name: "tasks.shared" }, "prod.queues.custom.tasks.shared"],
    [{ kind: "deployment" }, "prod.deployment"],
  ];

  it.each(cases)("spells %j as its address and reads it back", (target, spelled) => {
    expect(addressOf("prod", target)).toBe(spelled);
    expect(targetOfAddress("prod", spelled)).toEqual(target);
  });

  it("reads back nothing from an address of another environment or without a name", () => {
    expect(targetOfAddress("staging", "prod.envVars.LOG_LEVEL")).toBeUndefined();
    expect(targetOfAddress("prod", "prod.schedules")).toBeUndefined();
    expect(targetOfAddress("prod", "prod.queues.tasks.")).toBeUndefined();
    expect(targetOfAddress("prod", "prod.queues.other.x")).toBeUndefined();
  });

  it.each(cases)("spells the collection of %j as the container of its address", (target, spelled) => {
    const collection = collectionAddress("prod", target.kind);
    expect(spelled === collection || spelled.startsWith(`${collection}.`)).toBe(true);
    expect(matchesTarget(collection, spelled)).toBe(true);
    expect(targetOfAddress("prod", collection)).toEqual(target.kind === "deployment" ? target : undefined);
  });
});

describe("apply takes what it writes from the plan entry", () => {
  const ctx = useEmulatorClient();
  const prodConfig = (version: string, limit: number, paused: boolean, cron: string) => ({
    ...desiredState(
      desiredEnv("prod", {
        deployment: { version },
        queues: [queue("task", "send-email", { concurrencyLimit: limit, paused })],
        schedules: schedules(schedule("prod", "nightly", { cron })),
      }),
    ),
    project: FIXTURE_PROJECT,
  });

  it("writes the saved plan's version, queue settings and schedule fields, not the configuration's later values", async () => {
    const { emulator, client } = await ctx.start({ seed: kindsSeed() });
    const planned = prodConfig("20261102.1", 20, true, "0 3 * * *");
    const plan = planChanges(planned, await readLive(planned, client));
    expect(plan.changes.filter(isActionable).map((c) => [c.address, c.action, c.target])).toEqual([
      ["prod.deployment", "update", { kind: "deployment" }],
      ["prod.queues.tasks.send-email", "update", { kind: "queue", type: "task", name: "send-email" }],
      ["prod.schedules.nightly", "update", { kind: "schedule", key: "nightly" }],
    ]);

    // The plan file (`plan --out`) holds no target: reading it back gives the same plan, targets included.
    const saved = parsePlanJson(renderJson(plan));
    expect(saved).toEqual(plan);

    // The configuration changed after the plan was reviewed: apply carries out the plan, as reviewed.
    const result = await applyPlan(saved, prodConfig("20261101.1", 30, false, "0 4 * * *"), createApplyOps(client));
    expect(result.failed).toEqual([]);
    const prod = emulator.admin.snapshot().projects[0].environments.prod!;
    expect(prod.current).toBe("20261102.1");
    expect(prod.queues!.find((q) => q.name === "send-email")).toMatchObject({ override: 20, paused: true });
    expect(prod.schedules!.find((s) => s.deduplicationKey === "iac:prod:nightly")).toMatchObject({ cron: "0 3 * * *", task: "cleanup" });
  });

  it("refuses a plan file whose address does not match its kind", () => {
    const file = (address: string, kind: string) =>
      JSON.stringify({
        formatVersion: 1,
        project: FIXTURE_PROJECT,
        environments: ["prod"],
        liveFingerprint: "sha256:x",
        summary: { create: 0, update: 1, replace: 0, delete: 0 },
        changes: [{ address, kind, environment: "prod", action: "update", fields: [] }],
        diagnostics: [],
      });
    expect(parsePlanJson(file("prod.queues.custom.shared", "queue")).changes[0].target).toEqual({ kind: "queue", type: "custom", name: "shared" });
    expect(() => parsePlanJson(file("prod.queues.custom.shared", "schedule"))).toThrow(PlanFormatError);
    expect(() => parsePlanJson(file("staging.envVars.A", "envVar"))).toThrow("changes[0].address is not a envVar address of prod");
  });
});
