import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { planChanges } from "../src/engine/plan.js";
import { comparePlans, liveFingerprint } from "../src/engine/fingerprint.js";
import { sha256Hex } from "../src/engine/sha256.js";
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
  plainVar,
  queue,
  schedule,
  schedules,
  secretVar,
} from "./helpers/builders.js";

const SECRET = "whsec_live_TOP_SECRET_9876";

function bigPlan() {
  const desired = desiredState(
    desiredEnv("prod", {
      deployment: { version: "20261120.3" },
      envVars: envVars(plainVar("Z_VAR", "1"), plainVar("A_VAR", "2")),
      queues: [queue("task", "q", { concurrencyLimit: 3 })],
      schedules: schedules(schedule("prod", "b"), schedule("prod", "a")),
    }),
    desiredEnv("dev", { envVars: envVars(plainVar("X", "1")) }),
    desiredEnv("staging", { envVars: envVars(secretVar("S", SECRET)) }),
  );
  const live = liveState(
    liveEnv("staging", { envVars: liveVars(liveSecret("S", "different")) }),
    liveEnv("prod", {
      deployment: { current: { id: "d1", version: "20261118.1", status: "DEPLOYED" }, declared: { id: "d2", version: "20261120.3", status: "DEPLOYED" } },
      envVars: {},
      queues: [liveQueue("task", "q")],
      schedules: [],
    }),
  );
  return { desired, live };
}

describe("planChanges", () => {
  it("sorts by environment order, kind order, then address, and counts", () => {
    const { desired, live } = bigPlan();
    const plan = planChanges(desired, live);
    expect(plan.environments).toEqual(["dev", "staging", "prod"]);
    expect(plan.changes.map((c) => c.address)).toEqual([
      "dev.envVars.X",
      "staging.envVars.S",
      "prod.envVars.A_VAR",
      "prod.envVars.Z_VAR",
      "prod.deployment",
      "prod.queues.tasks.q",
      "prod.schedules.a",
      "prod.schedules.b",
    ]);
    expect(plan.summary).toEqual({ create: 5, update: 3, replace: 0, delete: 0 });
    expect(plan.formatVersion).toBe(1);
    expect(plan.project).toBe("proj_test");
    expect(plan.liveFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(plan)).not.toContain(SECRET);
    expect(JSON.stringify(plan)).not.toContain("different");
  });

  it("is deterministic and plain data", () => {
    const { desired, live } = bigPlan();
    const a = planChanges(desired, live);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(JSON.stringify(planChanges(desired, live))).toBe(JSON.stringify(a));
  });

  it("treats an environment missing from live as empty", () => {
    const plan = planChanges(desiredState(desiredEnv("preview", { envVars: envVars(plainVar("A", "1")) })), liveState());
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([["preview.envVars.A", "create"]]);
  });
});

describe("liveFingerprint", () => {
  it("excludes secret values but includes plain values and structure", () => {
    const base = liveState(liveEnv("prod", { envVars: liveVars(livePlain("A", "1"), liveSecret("S", SECRET)) }));
    const otherSecret = liveState(liveEnv("prod", { envVars: liveVars(livePlain("A", "1"), liveSecret("S", "another")) }));
    const otherPlain = liveState(liveEnv("prod", { envVars: liveVars(livePlain("A", "2"), liveSecret("S", SECRET)) }));
    expect(liveFingerprint(base)).toBe(liveFingerprint(otherSecret));
    expect(liveFingerprint(base)).not.toBe(liveFingerprint(otherPlain));
    const withSchedule = liveState(liveEnv("prod", { schedules: [liveManagedSchedule("prod", "x", { id: "sched_1" })] }));
    const moved = liveState(liveEnv("prod", { schedules: [liveManagedSchedule("prod", "x", { id: "sched_1", cron: "1 * * * *" })] }));
    expect(liveFingerprint(withSchedule)).not.toBe(liveFingerprint(moved));
  });

  it("does not depend on key or environment order", () => {
    const a = liveState(liveEnv("dev", { envVars: liveVars(livePlain("A", "1"), livePlain("B", "2")) }), liveEnv("prod"));
    const b = liveState(liveEnv("prod"), liveEnv("dev", { envVars: liveVars(livePlain("B", "2"), livePlain("A", "1")) }));
    expect(liveFingerprint(a)).toBe(liveFingerprint(b));
  });

  it("uses a correct SHA-256", () => {
    for (const input of ["", "abc", "x".repeat(55), "y".repeat(56), "z".repeat(64), "héllo ✓ 漢字".repeat(20)]) {
      expect(sha256Hex(input)).toBe(createHash("sha256").update(input, "utf8").digest("hex"));
    }
  });
});

describe("comparePlans", () => {
  it("returns nothing for the same plan", () => {
    const { desired, live } = bigPlan();
    expect(comparePlans(planChanges(desired, live), planChanges(desired, live))).toEqual([]);
  });

  it("explains why a saved plan is stale", () => {
    const desired = desiredState(desiredEnv("prod", { envVars: envVars(plainVar("A", "1"), plainVar("B", "2")) }));
    const saved = planChanges(desired, liveState(liveEnv("prod", { envVars: {} })));
    const fresh = planChanges(desired, liveState(liveEnv("prod", { envVars: liveVars(livePlain("A", "1"), livePlain("B", "3")) })));
    expect(comparePlans(saved, fresh)).toEqual([
      "Live state changed since the plan was made.",
      "prod.envVars.A: the plan says create, there is nothing to do now.",
      "prod.envVars.B: the plan says create, now it is update.",
    ]);
  });

  it("notices a different project and new changes", () => {
    const desired = desiredState(desiredEnv("prod", { envVars: envVars(plainVar("A", "1")) }));
    const live = liveState(liveEnv("prod", { envVars: liveVars(livePlain("A", "1")) }));
    const saved = { ...planChanges(desired, live), project: "proj_other" };
    const fresh = planChanges(desiredState(desiredEnv("prod", { envVars: envVars(plainVar("A", "1"), plainVar("C", "1")) })), live);
    expect(comparePlans(saved, fresh)).toEqual([
      "The plan is for project proj_other, the configuration for proj_test.",
      "prod.envVars.C: create is needed now but not in the plan.",
    ]);
  });
});

describe("comparePlans and showValues", () => {
  it("does not call a plan stale because it was made with --show-values", () => {
    const desired = desiredState(desiredEnv("prod", { envVars: envVars(plainVar("A", "new")) }));
    const live = liveState(liveEnv("prod", { envVars: liveVars(livePlain("A", "old")) }));
    expect(comparePlans(planChanges(desired, live, { showValues: true }), planChanges(desired, live))).toEqual([]);
  });
});
