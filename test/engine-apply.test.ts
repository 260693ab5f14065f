import { describe, expect, it } from "vitest";
import { applyPlan, ApplyRefusedError, type ApplyEvent } from "../src/engine/apply.js";
import { planChanges } from "../src/engine/plan.js";
import type { DesiredState, LiveState } from "../src/model/index.js";
import {
  desiredEnv,
  desiredState,
  envVars,
  liveEnv,
  liveManagedSchedule,
  livePlain,
  liveQueue,
  liveSecret,
  liveState,
  liveVars,
  overriddenQueue,
  plainVar,
  queue,
  RecordingOps,
  schedule,
  schedules,
  secretVar,
  type OpCall,
} from "./helpers/builders.js";

const SECRET = "sk_live_APPLY_SECRET_5555";

function scenario(): { desired: DesiredState; live: LiveState } {
  const desired = desiredState(
    desiredEnv("staging", {
      prune: { envVars: true, schedules: true, queues: true },
      deployment: { version: "20261120.3" },
      envVars: envVars(plainVar("LOG_LEVEL", "info"), plainVar("NEW_PLAIN", "p"), secretVar("SLACK", SECRET), secretVar("STRIPE", SECRET)),
      queues: [queue("task", "send-email", { concurrencyLimit: 20 }), queue("custom", "exports", { concurrencyLimit: null, paused: true })],
      schedules: schedules(
        schedule("staging", "nightly", { cron: "0 4 * * *" }),
        schedule("staging", "weekly", { task: "report-v2" }),
        schedule("staging", "fresh", { active: false }),
      ),
    }),
  );
  const live = liveState(
    liveEnv("staging", {
      envVars: liveVars(livePlain("LOG_LEVEL", "debug"), liveSecret("STRIPE"), livePlain("OLD", "x")),
      deployment: { current: { id: "d1", version: "20261118.1", status: "DEPLOYED" }, declared: { id: "d2", version: "20261120.3", status: "DEPLOYED" } },
      queues: [liveQueue("task", "send-email"), overriddenQueue("custom", "exports", 3), overriddenQueue("task", "legacy", 1)],
      schedules: [
        liveManagedSchedule("staging", "nightly", { id: "sched_n" }),
        liveManagedSchedule("staging", "weekly", { id: "sched_w", task: "report" }),
        liveManagedSchedule("staging", "gone", { id: "sched_g" }),
      ],
    }),
  );
  return { desired, live };
}

const summary = (calls: OpCall[]) => calls.map((c) => `${c.env}:${c.method}`);

describe("applyPlan", () => {
  it("applies in order: env vars, promotion, queues, schedules, with at most two imports", async () => {
    const { desired, live } = scenario();
    const plan = planChanges(desired, live);
    const ops = new RecordingOps();
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, desired, ops, { concurrency: 1, onEvent: (e) => events.push(e) });

    // Env vars, then the promotion; then queues and schedules side by side (no edge between them), each in order.
    expect(summary(ops.calls.slice(0, 4))).toEqual([
      "staging:importEnvVars",
      "staging:importEnvVars",
      "staging:deleteEnvVar",
      "staging:promoteDeployment",
    ]);
    const queueCalls = ops.calls.filter((c) => c.method.endsWith("Queue") || c.method === "setQueuePaused");
    const scheduleCalls = ops.calls.filter((c) => c.method.includes("Schedule"));
    expect(queueCalls.length + scheduleCalls.length + 4).toBe(ops.calls.length);
    expect(summary(queueCalls)).toEqual(["staging:resetQueue", "staging:setQueuePaused", "staging:resetQueue", "staging:overrideQueue"]);
    expect(summary(scheduleCalls)).toEqual([
      "staging:createSchedule",
      "staging:setScheduleActive",
      "staging:deleteSchedule",
      "staging:updateSchedule",
      "staging:deleteSchedule",
      "staging:createSchedule",
    ]);
    expect(ops.calls[0].args).toEqual([{ LOG_LEVEL: "info", NEW_PLAIN: "p" }, false]);
    // STRIPE's value could not be read (noop), so only SLACK is imported; values come from the desired state.
    expect(ops.calls[1].args).toEqual([{ SLACK: SECRET }, true]);
    expect(ops.calls[2].args).toEqual(["OLD"]);
    expect(ops.calls[3].args).toEqual(["20261120.3", false]);
    expect(queueCalls[0].args).toEqual([{ type: "custom", name: "exports" }]);
    expect(queueCalls[1].args).toEqual([{ type: "custom", name: "exports" }, true]);
    expect(queueCalls[2].args).toEqual([{ type: "task", name: "legacy" }]);
    expect(queueCalls[3].args).toEqual([{ type: "task", name: "send-email" }, 20]);
    expect(scheduleCalls[0].args).toEqual([
      { task: "cleanup", cron: "0 3 * * *", timezone: "UTC", externalId: null, deduplicationKey: "iac:staging:fresh" },
    ]);
    expect(scheduleCalls[1].args).toEqual(["sched_new1", false]);
    expect(scheduleCalls[2].args).toEqual(["sched_g"]);
    expect(scheduleCalls[3].args).toEqual([
      "sched_n",
      { task: "cleanup", cron: "0 4 * * *", timezone: "UTC", externalId: null, deduplicationKey: "iac:staging:nightly" },
    ]);
    expect(scheduleCalls[4].args).toEqual(["sched_w"]);
    expect(scheduleCalls[5].args).toEqual([
      { task: "report-v2", cron: "0 3 * * *", timezone: "UTC", externalId: null, deduplicationKey: "iac:staging:weekly" },
    ]);

    expect(result.failed).toEqual([]);
    expect(result.notAttempted).toEqual([]);
    expect(result.completed).toContainEqual({ address: "staging.envVars.SLACK", action: "create", operation: "importEnvVars(secret)" });
    expect(result.completed).toContainEqual({ address: "staging.schedules.weekly", action: "replace", operation: "deleteSchedule" });
    expect(result.completed).toContainEqual({ address: "staging.schedules.weekly", action: "replace", operation: "createSchedule" });
    expect(events.filter((e) => e.phase === "start")).toHaveLength(ops.calls.length);
    expect(events.filter((e) => e.phase === "success")).toHaveLength(ops.calls.length);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it("passes allowRollbacks for an older version", async () => {
    const desired = desiredState(desiredEnv("prod", { deployment: { version: "20261101.1" } }));
    const live = liveState(
      liveEnv("prod", { deployment: { current: { id: "a", version: "20261120.3", status: "DEPLOYED" }, declared: { id: "b", version: "20261101.1", status: "DEPLOYED" } } }),
    );
    const ops = new RecordingOps();
    await applyPlan(planChanges(desired, live), desired, ops);
    expect(ops.calls).toEqual([{ method: "promoteDeployment", env: "prod", args: ["20261101.1", true] }]);
  });

  it("refuses before any call when deletes plus replaces exceed maxDeletes", async () => {
    const { desired, live } = scenario();
    const plan = planChanges(desired, live);
    expect(plan.changes.filter((c) => c.action === "delete" || c.action === "replace")).toHaveLength(4);
    const ops = new RecordingOps();
    await expect(applyPlan(plan, desired, ops, { maxDeletes: 3 })).rejects.toMatchObject({ code: "too-many-deletes" });
    expect(ops.calls).toEqual([]);
    await applyPlan(plan, desired, ops, { maxDeletes: 4 });
    expect(ops.calls.length).toBeGreaterThan(0);
  });

  it("refuses a plan with error diagnostics", async () => {
    const desired = desiredState(desiredEnv("prod", { queues: [queue("task", "missing", { concurrencyLimit: 1 })] }));
    const plan = planChanges(desired, liveState(liveEnv("prod", { queues: [] })));
    const ops = new RecordingOps();
    const error = await applyPlan(plan, desired, ops).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplyRefusedError);
    expect((error as ApplyRefusedError).code).toBe("plan-has-errors");
    expect(ops.calls).toEqual([]);
  });

  it("refuses a plan that does not match the configuration", async () => {
    const { desired, live } = scenario();
    const plan = planChanges(desired, live);
    const other = desiredState(desiredEnv("staging", {}));
    await expect(applyPlan(plan, other, new RecordingOps())).rejects.toMatchObject({ code: "plan-mismatch" });
  });

  it("stops starting calls in a failed environment, goes on elsewhere, and reports precisely", async () => {
    const desired = desiredState(
      desiredEnv("staging", {
        envVars: envVars(plainVar("A", "1"), secretVar("S", SECRET)),
        deployment: { version: "20261120.3" },
        schedules: schedules(schedule("staging", "x")),
      }),
      desiredEnv("prod", { envVars: envVars(plainVar("B", "2")) }),
    );
    const deployment = { current: { id: "d1", version: "20261118.1", status: "DEPLOYED" }, declared: { id: "d2", version: "20261120.3", status: "DEPLOYED" } } as const;
    const live = liveState(liveEnv("staging", { envVars: {}, deployment, schedules: [] }), liveEnv("prod", { envVars: {} }));
    const plan = planChanges(desired, live);
    // The API's message, echoing the secret value as a careless implementation might.
    const ops = new RecordingOps((call) =>
      call.method === "importEnvVars" && call.args[1] === true ? `Variable already set in Staging. (${SECRET})` : undefined,
    );
    const events: ApplyEvent[] = [];
    const result = await applyPlan(plan, desired, ops, { concurrency: 1, onEvent: (e) => events.push(e) });
    // Environments run at the same time; in staging the promotion waits for the env vars, the schedule for it.
    expect(summary(ops.calls).sort()).toEqual(["prod:importEnvVars", "staging:importEnvVars", "staging:importEnvVars"]);
    expect(result.completed).toEqual([
      { address: "staging.envVars.A", action: "create", operation: "importEnvVars(plain)" },
      { address: "prod.envVars.B", action: "create", operation: "importEnvVars(plain)" },
    ]);
    expect(result.failed).toEqual([
      { address: "staging.envVars.S", operation: "importEnvVars(secret)", error: "Variable already set in Staging. ([redacted])" },
    ]);
    expect(result.notAttempted).toEqual([
      { address: "staging.deployment", action: "update" },
      { address: "staging.schedules.x", action: "create" },
    ]);
    expect(events.find((e) => e.phase === "failure")).toEqual({
      phase: "failure",
      environment: "staging",
      operation: "importEnvVars(secret)",
      addresses: ["staging.envVars.S"],
      error: "Variable already set in Staging. ([redacted])",
    });
    expect(JSON.stringify({ result, events })).not.toContain(SECRET);
  });

  it("converges: applying, then re-planning against the applied state, finds nothing to do", async () => {
    const desired = desiredState(desiredEnv("dev", { envVars: envVars(plainVar("A", "1")), schedules: schedules(schedule("dev", "k")) }));
    const ops = new RecordingOps();
    await applyPlan(planChanges(desired, liveState(liveEnv("dev", { envVars: {}, schedules: [] }))), desired, ops);
    const after = liveState(liveEnv("dev", { envVars: liveVars(livePlain("A", "1")), schedules: [liveManagedSchedule("dev", "k")] }));
    const again = planChanges(desired, after);
    expect(again.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    const ops2 = new RecordingOps();
    const result = await applyPlan(again, desired, ops2);
    expect(ops2.calls).toEqual([]);
    expect(result).toEqual({ completed: [], failed: [], notAttempted: [] });
  });

  it("bounds concurrency within a step", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `V${i}`);
    const desired = desiredState(desiredEnv("dev", { prune: { envVars: true }, envVars: {} }));
    const live = liveState(liveEnv("dev", { envVars: liveVars(...names.map((n) => livePlain(n, "x"))) }));
    let inFlight = 0;
    let peak = 0;
    const ops = new RecordingOps();
    ops.deleteEnvVar = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    };
    const result = await applyPlan(planChanges(desired, live), desired, ops, { concurrency: 3 });
    expect(result.completed).toHaveLength(10);
    expect(peak).toBe(3);
  });
});
