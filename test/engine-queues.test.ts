import { describe, expect, it } from "vitest";
import { planChanges } from "../src/engine/plan.js";
import { diffQueue } from "../src/engine/diff-queue.js";
import { similarNames } from "../src/engine/similar.js";
import { editDistance } from "../src/util/edit-distance.js";
import { desiredEnv, desiredState, liveEnv, liveQueue, liveState, overriddenQueue, queue } from "./helpers/builders.js";

const plan1 = (desired: Parameters<typeof desiredEnv>[1], live: Parameters<typeof liveEnv>[1]) =>
  planChanges(desiredState(desiredEnv("prod", desired)), liveState(liveEnv("prod", live)));

describe("queue planning", () => {
  it("sets an override where none exists, showing the code-declared base", () => {
    const plan = plan1({ queues: [queue("task", "send-email", { concurrencyLimit: 20 })] }, { queues: [liveQueue("task", "send-email")] });
    const [change] = plan.changes;
    expect(change).toMatchObject({ address: "prod.queues.tasks.send-email", kind: "queue", action: "update", remoteId: "queue_task_send-email" });
    expect(change.fields).toEqual([{ path: "override", before: null, after: 20, sensitive: false }]);
    expect(change.notes).toEqual([expect.objectContaining({ code: "base", message: "Code-declared limit: 10." })]);
    expect(plan.summary.update).toBe(1);
  });

  it("sets an override even when the code-declared limit already equals it", () => {
    const plan = plan1({ queues: [queue("task", "a", { concurrencyLimit: 10 })] }, { queues: [liveQueue("task", "a")] });
    expect(plan.changes[0].fields).toEqual([{ path: "override", before: null, after: 10, sensitive: false }]);
  });

  it("is a noop when the override matches, and changes a different override noting who set it", () => {
    const same = plan1({ queues: [queue("task", "a", { concurrencyLimit: 5 })] }, { queues: [overriddenQueue("task", "a", 5)] });
    expect(same.changes[0].action).toBe("noop");
    const diff = plan1({ queues: [queue("task", "a", { concurrencyLimit: 5 })] }, { queues: [overriddenQueue("task", "a", 7, 10, { overriddenBy: "Alice" })] });
    expect(diff.changes[0].fields).toEqual([{ path: "override", before: 7, after: 5, sensitive: false }]);
    expect(diff.changes[0].notes?.map((n) => n.code)).toEqual(["base", "override-not-in-git"]);
    expect(diff.changes[0].notes?.[0].message).toBe("Code-declared limit: 10 (live override: 7).");
    expect(diff.changes[0].notes?.[1].message).toBe("Override 7 set by Alice at 2026-11-20T10:00:00.000Z is not declared in git.");
  });

  it("resets with null when an override exists, noop otherwise", () => {
    const reset = plan1({ queues: [queue("custom", "exports", { concurrencyLimit: null })] }, { queues: [overriddenQueue("custom", "exports", 3)] });
    expect(reset.changes[0]).toMatchObject({ address: "prod.queues.custom.exports", action: "update" });
    expect(reset.changes[0].fields).toEqual([{ path: "override", before: 3, after: null, sensitive: false }]);
    expect(reset.changes[0].notes?.find((n) => n.code === "override-not-in-git")?.message).toContain("set by the API");
    const none = plan1({ queues: [queue("custom", "exports", { concurrencyLimit: null })] }, { queues: [liveQueue("custom", "exports")] });
    expect(none.changes[0].action).toBe("noop");
  });

  it("pauses and resumes", () => {
    const pause = plan1({ queues: [queue("task", "a", { paused: true })] }, { queues: [liveQueue("task", "a")] });
    expect(pause.changes[0].fields).toEqual([{ path: "paused", before: false, after: true, sensitive: false }]);
    const resume = plan1({ queues: [queue("task", "a", { paused: false })] }, { queues: [liveQueue("task", "a", { paused: true })] });
    expect(resume.changes[0].fields).toEqual([{ path: "paused", before: true, after: false, sensitive: false }]);
  });

  it("leaves an unmanaged limit alone but notes a live override not in git", () => {
    const plan = plan1({ queues: [queue("task", "a", { paused: false })] }, { queues: [overriddenQueue("task", "a", 4)] });
    expect(plan.changes[0].action).toBe("noop");
    expect(plan.changes[0].notes?.find((n) => n.code === "override-not-in-git")?.level).toBe("info");
  });

  it("refuses a declared queue that does not exist, suggesting similar names", () => {
    const plan = plan1(
      { queues: [queue("task", "send-emial", { concurrencyLimit: 2 })] },
      { queues: [liveQueue("task", "send-email"), liveQueue("task", "send-sms"), liveQueue("task", "billing"), liveQueue("custom", "send-emails")] },
    );
    expect(plan.changes).toEqual([]);
    expect(plan.diagnostics).toHaveLength(1);
    expect(plan.diagnostics[0]).toMatchObject({ severity: "error", code: "queue-not-found", address: "prod.queues.tasks.send-emial" });
    expect(plan.diagnostics[0].message).toContain("Similar task queues: send-email, send-sms.");
    expect(plan.diagnostics[0].message).not.toContain("billing");
  });

  it("refuses a limit above the live or declared environment maximum", () => {
    const live = plan1({ queues: [queue("task", "a", { concurrencyLimit: 50 })] }, { queues: [liveQueue("task", "a")], maximumConcurrencyLimit: 25 });
    expect(live.diagnostics).toEqual([expect.objectContaining({ code: "limit-above-maximum", severity: "error", address: "prod.queues.tasks.a" })]);
    expect(live.diagnostics[0].message).toBe("concurrencyLimit 50 exceeds the prod environment maximum of 25.");
    expect(live.changes[0].fields).toEqual([]);
    const declared = plan1({ maximumConcurrencyLimit: 30, queues: [queue("task", "a", { concurrencyLimit: 40 })] }, { queues: [liveQueue("task", "a")] });
    expect(declared.diagnostics[0].code).toBe("limit-above-maximum");
    const ok = plan1({ queues: [queue("task", "a", { concurrencyLimit: 25 })] }, { queues: [liveQueue("task", "a")], maximumConcurrencyLimit: 25 });
    expect(ok.diagnostics).toEqual([]);
  });

  it("lists only overridden or paused undeclared queues; prune resets overrides", () => {
    const queues = [liveQueue("task", "plain"), overriddenQueue("task", "hot", 2), liveQueue("custom", "stopped", { paused: true })];
    const keep = plan1({ queues: [] }, { queues });
    expect(keep.changes.map((c) => [c.address, c.action])).toEqual([
      ["prod.queues.custom.stopped", "unmanaged"],
      ["prod.queues.tasks.hot", "unmanaged"],
    ]);
    const prune = plan1({ prune: { queues: true }, queues: [] }, { queues });
    expect(prune.changes.map((c) => [c.address, c.action])).toEqual([
      ["prod.queues.custom.stopped", "unmanaged"],
      ["prod.queues.tasks.hot", "delete"],
    ]);
    expect(prune.changes[1].fields).toEqual([{ path: "override", before: 2, after: null, sensitive: false }]);
    expect(prune.summary.delete).toBe(1);
  });

  it("is reusable one queue at a time", () => {
    expect(diffQueue("dev", undefined, liveQueue("task", "x")).change).toBeUndefined();
    expect(diffQueue("dev", queue("task", "x", { concurrencyLimit: 1 }), liveQueue("task", "x")).change?.action).toBe("update");
  });

  it("scores similar names", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(similarNames("export", ["exports", "zzz", "report-export"])).toEqual(["exports", "report-export"]);
  });
});
